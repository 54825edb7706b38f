//! The Kerberos KDC client (RFC 4120 sections 3.1 and 3.3): initial
//! tickets with a password or a client keytab (AS exchange with
//! PA-ENC-TIMESTAMP preauthentication), service tickets and forwarded
//! TGTs (TGS exchange with PA-TGS-REQ). Every KRB-ERROR becomes
//! `Error::Kerberos` with MIT's com_err code and text.
//!
//! Configuration comes from krb5.conf (`Krb5Config::load()` per call for
//! the free functions, or an explicit config with `KdcClient`).
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use once_cell::sync::Lazy;
use picky_asn1::wrapper::{
    Asn1SequenceOf, ExplicitContextTag0, ExplicitContextTag1, ExplicitContextTag2,
    ExplicitContextTag3, ExplicitContextTag4, ExplicitContextTag5, ExplicitContextTag7,
    ExplicitContextTag8, IntegerAsn1, OctetStringAsn1, Optional,
};
use picky_krb::data_types::{AuthenticatorInner, Checksum, EtypeInfo2, PaData, PaEncTsEnc, Ticket};
use picky_krb::messages::{
    ApReq, ApReqInner, AsRep, AsReq, EncKdcRepPart, KdcRep, KdcReq, KdcReqBody, TgsRep, TgsReq,
};
use zeroize::Zeroizing;

use super::asn1::{self, pa, tag};
use super::ccache::{self, CcacheLocation, Credential};
use super::config::{Krb5Config, LibDefaults};
use super::errors::*;
use super::keytab::Keytab;
use super::principal::{name_type, Principal};
use super::transport::{self, TransportOptions};
use crate::core::Result;
use crate::crypto::{self, usage, Enctype, Key};

/// KDC options (RFC 4120 section 5.4.1), bit 0 the MSB.
pub mod kdc_options {
    pub const FORWARDABLE: u32 = 0x4000_0000;
    pub const FORWARDED: u32 = 0x2000_0000;
    pub const PROXIABLE: u32 = 0x1000_0000;
    pub const RENEWABLE: u32 = 0x0080_0000;
    pub const CANONICALIZE: u32 = 0x0001_0000;
    pub const RENEWABLE_OK: u32 = 0x0000_0010;
}

/// MIT's default enctype order for requests (krb5 1.20 default_tkt_enctypes,
/// limited to the enctypes this library implements).
pub const MIT_DEFAULT_ENCTYPES: [Enctype; 5] = [
    Enctype::Aes256CtsHmacSha196,
    Enctype::Aes128CtsHmacSha196,
    Enctype::Aes256CtsHmacSha384192,
    Enctype::Aes128CtsHmacSha256128,
    Enctype::Rc4Hmac,
];

/// Options of an AS exchange; `None` takes krb5.conf's [libdefaults].
#[derive(Clone, Debug, Default)]
pub struct AsOptions {
    /// Requested lifetime in seconds (ticket_lifetime).
    pub lifetime: Option<i64>,
    /// Requested renewable lifetime in seconds (renew_lifetime; 0: not renewable).
    pub renew_lifetime: Option<i64>,
    /// Forwardable TGT. Default: `forwardable` from krb5.conf when set,
    /// else true, so that delegation works (as Windows TGTs are).
    pub forwardable: Option<bool>,
    pub proxiable: Option<bool>,
    /// Enctypes to offer, in preference order (default_tkt_enctypes).
    pub enctypes: Option<Vec<Enctype>>,
}

/// Options of a TGS exchange.
#[derive(Clone, Debug)]
pub struct TgsOptions {
    /// Ask for a forwardable ticket when the TGT is forwardable (MIT
    /// copies the TGT's forwardable flag into the request the same way).
    pub forwardable: bool,
    /// Ask for a FORWARDED ticket (a TGT for delegation; the TGT must be
    /// forwardable).
    pub forwarded: bool,
    /// Requested lifetime in seconds (default: up to the TGT's end).
    pub lifetime: Option<i64>,
    /// Session key enctypes to accept (default_tgs_enctypes).
    pub enctypes: Option<Vec<Enctype>>,
}

impl Default for TgsOptions {
    fn default() -> Self {
        TgsOptions {
            forwardable: true,
            forwarded: false,
            lifetime: None,
            enctypes: None,
        }
    }
}

// ------------------------------------------------- KDC time offsets --

/// Per realm, the KDC's clock minus ours in microseconds, learnt from a
/// KRB_AP_ERR_SKEW or an AS-REP (MIT's kdc time offset, kdc_timesync).
static TIME_OFFSETS: Lazy<Mutex<HashMap<String, i64>>> = Lazy::new(|| Mutex::new(HashMap::new()));

fn offsets() -> std::sync::MutexGuard<'static, HashMap<String, i64>> {
    TIME_OFFSETS.lock().unwrap_or_else(|p| p.into_inner())
}

fn local_micros() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_micros() as i64)
        .unwrap_or(0)
}

/// The KDC's idea of now for `realm`: (seconds, microseconds).
pub fn kdc_now(realm: &str) -> (i64, i32) {
    let off = offsets().get(realm).copied().unwrap_or(0);
    let t = local_micros() + off;
    (t.div_euclid(1_000_000), t.rem_euclid(1_000_000) as i32)
}

/// The time offset (KDC minus local, seconds and microseconds) learnt for
/// `realm`, as MIT keeps it in a ccache header.
pub fn kdc_time_offset(realm: &str) -> Option<(i32, i32)> {
    offsets().get(realm).map(|o| {
        (
            o.div_euclid(1_000_000) as i32,
            o.rem_euclid(1_000_000) as i32,
        )
    })
}

/// Sets (or with `None` forgets) the KDC time offset of `realm`, e.g.
/// from a ccache header written by MIT (seconds, microseconds).
pub fn set_kdc_time_offset(realm: &str, offset: Option<(i32, i32)>) {
    match offset {
        Some((s, us)) => {
            offsets().insert(realm.to_string(), s as i64 * 1_000_000 + us as i64);
        }
        None => {
            offsets().remove(realm);
        }
    }
}

fn learn_offset(realm: &str, kdc_secs: i64, kdc_usec: i32) {
    let off = kdc_secs * 1_000_000 + kdc_usec as i64 - local_micros();
    crate::trace!("krb5: KDC clock offset for {realm}: {} s", off / 1_000_000);
    offsets().insert(realm.to_string(), off);
}

#[cfg(not(feature = "fuzzing"))]
fn nonce() -> Result<u32> {
    let mut b = [0u8; 4];
    getrandom::getrandom(&mut b)
        .map_err(|e| crate::core::Error::Internal(format!("random: {e}")))?;
    Ok(u32::from_be_bytes(b) & 0x7FFF_FFFF)
}

/// A fixed nonce, so that recorded KDC replies can be replayed.
#[cfg(feature = "fuzzing")]
fn nonce() -> Result<u32> {
    Ok(crate::fuzzing::NONCE)
}

// ------------------------------------------------------------ client --

/// A KDC client over one krb5.conf.
#[derive(Clone)]
pub struct KdcClient {
    pub config: Arc<Krb5Config>,
    pub transport: TransportOptions,
}

/// Where the client's long-term key comes from.
enum KeySource<'a> {
    Password(&'a str),
    Keytab(&'a Keytab),
}

impl KdcClient {
    pub fn new(config: Arc<Krb5Config>) -> Self {
        KdcClient {
            config,
            transport: TransportOptions::default(),
        }
    }

    /// The client for the current KRB5_CONFIG (read per call).
    pub fn from_env() -> Result<Self> {
        Ok(Self::new(Krb5Config::load()?))
    }

    fn defaults(&self, realm: &str) -> Result<LibDefaults> {
        Ok(self.config.libdefaults(Some(realm))?)
    }

    fn send(&self, realm: &str, request: &[u8], defaults: &LibDefaults) -> Result<Vec<u8>> {
        let mut t = self.transport.clone();
        t.udp_preference_limit = defaults.udp_preference_limit.clamp(0, 65535) as usize;
        transport::send_to_realm(&self.config, realm, request, &t)
    }

    /// The enctypes to request: the configured list (or MIT's default
    /// order), within permitted_enctypes, RC4 only when allow_weak_crypto
    /// or allow_rc4 is set.
    fn enctypes(
        &self,
        realm: &str,
        d: &LibDefaults,
        tag_name: &str,
        configured: &[Enctype],
    ) -> Vec<Enctype> {
        let base: Vec<Enctype> = if self.config.libdefault(tag_name, Some(realm)).is_some() {
            configured.to_vec()
        } else {
            MIT_DEFAULT_ENCTYPES.to_vec()
        };
        base.into_iter()
            .filter(|e| d.permitted_enctypes.contains(e))
            .filter(|e| *e != Enctype::Rc4Hmac || d.allow_rc4 || d.allow_weak_crypto)
            .collect()
    }

    /// AS exchange with a password.
    pub fn initial_creds_password(
        &self,
        client: &Principal,
        password: &str,
        opts: &AsOptions,
    ) -> Result<Credential> {
        self.as_exchange(client, KeySource::Password(password), opts)
    }

    /// AS exchange with the client's key from a keytab.
    pub fn initial_creds_keytab(
        &self,
        client: &Principal,
        keytab: &Keytab,
        opts: &AsOptions,
    ) -> Result<Credential> {
        self.as_exchange(client, KeySource::Keytab(keytab), opts)
    }

    /// AS exchange with the client keytab: KRB5_CLIENT_KTNAME, then
    /// default_client_keytab_name (KRB5_KT_NOTFOUND when it has no key).
    pub fn initial_creds_client_keytab(
        &self,
        client: &Principal,
        opts: &AsOptions,
    ) -> Result<Credential> {
        let path = super::default_keytab(&self.config, true)?;
        let kt = Keytab::read(&path).map_err(|e| kerberos_error(KRB5_KT_NOTFOUND, e))?;
        self.initial_creds_keytab(client, &kt, opts)
    }

    fn as_exchange(
        &self,
        client: &Principal,
        source: KeySource<'_>,
        opts: &AsOptions,
    ) -> Result<Credential> {
        let realm = client.realm.as_str();
        let d = self.defaults(realm)?;
        let mut etypes = match &opts.enctypes {
            Some(l) => l.clone(),
            None => self.enctypes(realm, &d, "default_tkt_enctypes", &d.default_tkt_enctypes),
        };
        if let KeySource::Keytab(kt) = &source {
            // Offer only what the keytab holds, so the KDC picks a key we have.
            etypes.retain(|e| kt.find(client, None, Some(e.id())).is_some());
            if etypes.is_empty() {
                return Err(kerberos_error(
                    KRB5_KT_NOTFOUND,
                    format!("no key for {client} of a permitted enctype in the keytab"),
                ));
            }
        }
        if etypes.is_empty() {
            return Err(kerberos_error(
                KRB5_CONFIG_ETYPE_NOSUPP,
                "no permitted encryption type to request",
            ));
        }
        let tgs = Principal::new(name_type::SRV_INST, realm, &["krbtgt", realm]);
        let mut options = 0u32;
        let forwardable = opts.forwardable.unwrap_or_else(|| {
            if self.config.libdefault("forwardable", Some(realm)).is_some() {
                d.forwardable
            } else {
                true
            }
        });
        if forwardable {
            options |= kdc_options::FORWARDABLE;
        }
        if opts.proxiable.unwrap_or(d.proxiable) {
            options |= kdc_options::PROXIABLE;
        }
        let renew = opts.renew_lifetime.unwrap_or(d.renew_lifetime);
        if renew > 0 {
            options |= kdc_options::RENEWABLE;
        }
        let lifetime = opts.lifetime.unwrap_or(d.ticket_lifetime).max(60);

        let mut preauth: Option<(Key, Vec<u8>)> = None; // (key, cookie)
        let mut etype_info: Vec<EtypeInfo> = Vec::new();
        let mut skew_retried = false;
        let mut preauth_sent = false;
        for _round in 0..4 {
            let (now, usec) = kdc_now(realm);
            let nonce = nonce()?;
            let mut padata = Vec::new();
            if let Some((key, cookie)) = &preauth {
                let ts = PaEncTsEnc {
                    patimestamp: ExplicitContextTag0::from(asn1::ktime(now)),
                    pausec: Optional::from(Some(ExplicitContextTag1::from(asn1::int(usec as i64)))),
                };
                let ts = asn1::encode(&ts, "PA-ENC-TS-ENC")?;
                let sealed = asn1::seal(key, usage::AS_REQ_PA_ENC_TIMESTAMP, &ts, None)?;
                padata.push(asn1::padata(
                    pa::ENC_TIMESTAMP,
                    asn1::encode(&sealed, "PA-ENC-TIMESTAMP")?,
                ));
                if !cookie.is_empty() {
                    padata.push(asn1::padata(pa::FX_COOKIE, cookie.clone()));
                }
                preauth_sent = true;
            }
            let body = KdcReqBody {
                kdc_options: ExplicitContextTag0::from(asn1::flags(options)),
                cname: Optional::from(Some(ExplicitContextTag1::from(asn1::principal_name(
                    client,
                )?))),
                realm: ExplicitContextTag2::from(asn1::kstring(realm)?),
                sname: Optional::from(Some(ExplicitContextTag3::from(asn1::principal_name(&tgs)?))),
                from: Optional::from(None),
                till: ExplicitContextTag5::from(asn1::ktime(now + lifetime)),
                rtime: Optional::from((renew > 0).then(|| {
                    picky_asn1::wrapper::ExplicitContextTag6::from(asn1::ktime(now + renew))
                })),
                nonce: ExplicitContextTag7::from(asn1::int(nonce as i64)),
                etype: ExplicitContextTag8::from(Asn1SequenceOf::from(
                    etypes
                        .iter()
                        .map(|e| asn1::int(e.id() as i64))
                        .collect::<Vec<IntegerAsn1>>(),
                )),
                addresses: Optional::from(None),
                enc_authorization_data: Optional::from(None),
                additional_tickets: Optional::from(None),
            };
            let req = AsReq::from(KdcReq {
                pvno: ExplicitContextTag1::from(asn1::int(5)),
                msg_type: ExplicitContextTag2::from(asn1::int(10)),
                padata: Optional::from(
                    (!padata.is_empty())
                        .then(|| ExplicitContextTag3::from(Asn1SequenceOf::from(padata))),
                ),
                req_body: ExplicitContextTag4::from(body),
            });
            let req = asn1::encode(&req, "AS-REQ")?;
            let reply = self.send(realm, &req, &d)?;
            match reply.first() {
                Some(&tag::KRB_ERROR) => {
                    let e = asn1::parse_krb_error(&reply)?;
                    let code = from_protocol(e.error_code);
                    crate::trace!("krb5: AS-REQ for {client}: KRB-ERROR {}", e.error_code);
                    if code == KRB5KDC_ERR_PREAUTH_REQUIRED && !preauth_sent {
                        let md = e.method_data();
                        etype_info = parse_etype_info2(&md);
                        let (et, salt, params) = etype_info
                            .iter()
                            .find(|(et, _, _)| etypes.contains(et))
                            .cloned()
                            .ok_or_else(|| {
                                kerberos_error(
                                    KRB5KDC_ERR_ETYPE_NOSUPP,
                                    "no common enctype in PA-ETYPE-INFO2",
                                )
                            })?;
                        if asn1::find_padata(&md, pa::ENC_TIMESTAMP).is_none() {
                            return Err(kerberos_error(
                                KRB5_PREAUTH_FAILED,
                                format!("the KDC does not offer encrypted timestamp preauthentication for {client}"),
                            ));
                        }
                        let key =
                            derive_key(client, &source, et, salt.as_deref(), params.as_deref())?;
                        let cookie = asn1::find_padata(&md, pa::FX_COOKIE)
                            .map(<[u8]>::to_vec)
                            .unwrap_or_default();
                        preauth = Some((key, cookie));
                        continue;
                    }
                    if code == KRB5KRB_AP_ERR_SKEW && !skew_retried {
                        skew_retried = true;
                        learn_offset(realm, e.stime, e.susec);
                        preauth_sent = false;
                        continue;
                    }
                    return Err(e.to_error(&client.to_string()));
                }
                Some(&tag::AS_REP) => {
                    let rep: AsRep = asn1::decode(&reply, "AS-REP")?;
                    let rep = rep.0;
                    let enc_etype = asn1::int_value(&rep.enc_part.0.etype.0)? as i32;
                    let et = Enctype::from_id(enc_etype).ok_or_else(|| {
                        kerberos_error(
                            KRB5_PROG_ETYPE_NOSUPP,
                            format!("AS-REP enctype {enc_etype}"),
                        )
                    })?;
                    if !etypes.contains(&et) {
                        return Err(kerberos_error(
                            KRB5_CONFIG_ETYPE_NOSUPP,
                            format!("the AS-REP is sealed with {et}, not a requested enctype"),
                        ));
                    }
                    // The reply key: the preauth key if it is of this enctype,
                    // else derived with the AS-REP's PA-ETYPE-INFO2 (or what
                    // the KDC told us before, or the default salt).
                    let key = match &preauth {
                        Some((k, _)) if k.enctype == et => k.clone(),
                        _ => {
                            let list = rep
                                .padata
                                .0
                                .as_ref()
                                .map(|p| p.0 .0.clone())
                                .unwrap_or_default();
                            let mut info = parse_etype_info2(&list);
                            info.extend(etype_info.iter().cloned());
                            let (salt, params) = info
                                .iter()
                                .find(|(e, _, _)| *e == et)
                                .map(|(_, s, p)| (s.clone(), p.clone()))
                                .unwrap_or((None, None));
                            derive_key(client, &source, et, salt.as_deref(), params.as_deref())?
                        }
                    };
                    let plain =
                        Zeroizing::new(asn1::unseal(&key, usage::AS_REP_ENCPART, &rep.enc_part.0)?);
                    let part = decode_enc_kdc_rep_part(&plain)?;
                    let cred =
                        self.credential(&rep, &part, nonce, &tgs, realm, &d, &etypes, true)?;
                    return Ok(cred);
                }
                _ => {
                    return Err(kerberos_error(
                        KRB5KRB_AP_ERR_MSG_TYPE,
                        "unexpected reply to an AS-REQ",
                    ))
                }
            }
        }
        Err(kerberos_error(KRB5_GET_IN_TKT_LOOP, client.to_string()))
    }

    /// Builds the credential from a KDC reply and its decrypted part,
    /// checking the nonce, the server and the times.
    #[allow(clippy::too_many_arguments)]
    fn credential(
        &self,
        rep: &KdcRep,
        part: &EncKdcRepPart,
        nonce: u32,
        server: &Principal,
        realm: &str,
        d: &LibDefaults,
        etypes: &[Enctype],
        initial: bool,
    ) -> Result<Credential> {
        if asn1::int_value(&part.nonce.0)? != nonce as i64 {
            return Err(kerberos_error(KRB5_KDCREP_MODIFIED, "nonce mismatch"));
        }
        let got_server = asn1::principal(&part.sname.0, &part.srealm.0)?;
        if !got_server.matches(server) {
            return Err(kerberos_error(
                KRB5_KDCREP_MODIFIED,
                format!("asked for {server}, the KDC answered for {got_server}"),
            ));
        }
        let client = asn1::principal(&rep.cname.0, &rep.crealm.0)?;
        let (key_enctype, key) = asn1::key_parts(&part.key.0)?;
        // The session key must be of an enctype we asked for (MIT's
        // verify_as_reply and TGS checks).
        if !etypes.iter().any(|e| e.id() == key_enctype) {
            return Err(kerberos_error(
                KRB5_CONFIG_ETYPE_NOSUPP,
                format!("the KDC chose session key enctype {key_enctype}, not one requested"),
            ));
        }
        let authtime = asn1::ktime_u32(&part.auth_time.0);
        let starttime = part
            .start_time
            .0
            .as_ref()
            .map(|t| asn1::ktime_u32(&t.0))
            .unwrap_or(authtime);
        let endtime = asn1::ktime_u32(&part.end_time.0);
        let renew_till = part
            .renew_till
            .0
            .as_ref()
            .map(|t| asn1::ktime_u32(&t.0))
            .unwrap_or(0);
        let (now, usec) = kdc_now(realm);
        if initial && (starttime as i64 - now).abs() > d.clockskew {
            // kdc_timesync: trust the KDC's clock from now on.
            learn_offset(realm, starttime as i64, usec);
        }
        let (now, _) = kdc_now(realm);
        if (endtime as i64) <= now - d.clockskew {
            return Err(kerberos_error(
                KRB5KRB_AP_ERR_TKT_EXPIRED,
                format!("ticket for {server} has already ended"),
            ));
        }
        Ok(Credential {
            client,
            server: got_server,
            key_enctype,
            key: Zeroizing::new(key.to_vec()),
            authtime,
            starttime,
            endtime,
            renew_till,
            is_skey: false,
            ticket_flags: asn1::flags_value(&part.flags.0),
            addresses: Vec::new(),
            authdata: Vec::new(),
            ticket: asn1::encode(&rep.ticket.0, "Ticket")?,
            second_ticket: Vec::new(),
        })
    }

    /// TGS exchange: a ticket for `server` with the TGT.
    pub fn service_ticket(
        &self,
        tgt: &Credential,
        server: &Principal,
        opts: &TgsOptions,
    ) -> Result<Credential> {
        let realm = tgt.server.realm.as_str();
        if tgt.server.components.first().map(String::as_str) != Some("krbtgt") {
            return Err(kerberos_error(
                KRB5_NO_TKT_SUPPLIED,
                format!("{} is not a TGT", tgt.server),
            ));
        }
        let d = self.defaults(realm)?;
        let session = tgt.session_key().ok_or_else(|| {
            kerberos_error(
                KRB5_PROG_ETYPE_NOSUPP,
                format!("TGT session key enctype {}", tgt.key_enctype),
            )
        })?;
        let ticket: Ticket = asn1::decode(&tgt.ticket, "TGT")?;
        let etypes = match &opts.enctypes {
            Some(l) => l.clone(),
            None => self.enctypes(realm, &d, "default_tgs_enctypes", &d.default_tgs_enctypes),
        };
        // No CANONICALIZE: referrals (cross-realm) are not followed.
        let mut options = 0u32;
        let tgt_forwardable = tgt.ticket_flags & ccache::flags::FORWARDABLE != 0;
        if opts.forwarded {
            if !tgt_forwardable {
                return Err(kerberos_error(
                    KRB5_TKT_NOT_FORWARDABLE,
                    format!("TGT for {}", tgt.client),
                ));
            }
            options |= kdc_options::FORWARDED | kdc_options::FORWARDABLE;
        } else if opts.forwardable && tgt_forwardable {
            options |= kdc_options::FORWARDABLE;
        }
        let mut skew_retried = false;
        loop {
            let (now, usec) = kdc_now(realm);
            let till = match opts.lifetime {
                Some(l) => now + l,
                None => tgt.endtime as i64,
            };
            let nonce = nonce()?;
            let body = KdcReqBody {
                kdc_options: ExplicitContextTag0::from(asn1::flags(options)),
                cname: Optional::from(None),
                realm: ExplicitContextTag2::from(asn1::kstring(&server.realm)?),
                sname: Optional::from(Some(ExplicitContextTag3::from(asn1::principal_name(
                    server,
                )?))),
                from: Optional::from(None),
                till: ExplicitContextTag5::from(asn1::ktime(till)),
                rtime: Optional::from(None),
                nonce: ExplicitContextTag7::from(asn1::int(nonce as i64)),
                etype: ExplicitContextTag8::from(Asn1SequenceOf::from(
                    etypes
                        .iter()
                        .map(|e| asn1::int(e.id() as i64))
                        .collect::<Vec<IntegerAsn1>>(),
                )),
                addresses: Optional::from(None),
                enc_authorization_data: Optional::from(None),
                additional_tickets: Optional::from(None),
            };
            // RFC 4120 section 7.2.2... 5.5.1: the authenticator's checksum
            // covers the DER req-body (key usage 6).
            let body_der = asn1::encode(&body, "KDC-REQ-BODY")?;
            let cksum = crypto::checksum(&session, usage::TGS_REQ_AUTH_CKSUM, &body_der)?;
            let auth = picky_krb::data_types::Authenticator::from(AuthenticatorInner {
                authenticator_vno: ExplicitContextTag0::from(asn1::int(5)),
                crealm: ExplicitContextTag1::from(asn1::kstring(&tgt.client.realm)?),
                cname: ExplicitContextTag2::from(asn1::principal_name(&tgt.client)?),
                cksum: Optional::from(Some(ExplicitContextTag3::from(Checksum {
                    cksumtype: ExplicitContextTag0::from(asn1::int(
                        session.enctype.checksum_type() as i64,
                    )),
                    checksum: ExplicitContextTag1::from(OctetStringAsn1::from(cksum)),
                }))),
                cusec: ExplicitContextTag4::from(asn1::int(usec as i64)),
                ctime: ExplicitContextTag5::from(asn1::ktime(now)),
                subkey: Optional::from(None),
                seq_number: Optional::from(None),
                authorization_data: Optional::from(None),
            });
            let auth = Zeroizing::new(asn1::encode(&auth, "Authenticator")?);
            let ap_req = ApReq::from(ApReqInner {
                pvno: ExplicitContextTag0::from(asn1::int(5)),
                msg_type: ExplicitContextTag1::from(asn1::int(14)),
                ap_options: ExplicitContextTag2::from(asn1::flags(0)),
                ticket: ExplicitContextTag3::from(ticket.clone()),
                authenticator: ExplicitContextTag4::from(asn1::seal(
                    &session,
                    usage::TGS_REQ_AUTH,
                    &auth,
                    None,
                )?),
            });
            let padata: Vec<PaData> =
                vec![asn1::padata(pa::TGS_REQ, asn1::encode(&ap_req, "AP-REQ")?)];
            let req = TgsReq::from(KdcReq {
                pvno: ExplicitContextTag1::from(asn1::int(5)),
                msg_type: ExplicitContextTag2::from(asn1::int(12)),
                padata: Optional::from(Some(ExplicitContextTag3::from(Asn1SequenceOf::from(
                    padata,
                )))),
                req_body: ExplicitContextTag4::from(body),
            });
            let req = asn1::encode(&req, "TGS-REQ")?;
            let reply = self.send(realm, &req, &d)?;
            match reply.first() {
                Some(&tag::KRB_ERROR) => {
                    let e = asn1::parse_krb_error(&reply)?;
                    crate::trace!("krb5: TGS-REQ for {server}: KRB-ERROR {}", e.error_code);
                    if from_protocol(e.error_code) == KRB5KRB_AP_ERR_SKEW && !skew_retried {
                        skew_retried = true;
                        learn_offset(realm, e.stime, e.susec);
                        continue;
                    }
                    return Err(e.to_error(&server.to_string()));
                }
                Some(&tag::TGS_REP) => {
                    let rep: TgsRep = asn1::decode(&reply, "TGS-REP")?;
                    let rep = rep.0;
                    let plain = Zeroizing::new(asn1::unseal(
                        &session,
                        usage::TGS_REP_ENCPART_SESSKEY,
                        &rep.enc_part.0,
                    )?);
                    let part = decode_enc_kdc_rep_part(&plain)?;
                    let got_client = asn1::principal(&rep.cname.0, &rep.crealm.0)?;
                    if !got_client.matches(&tgt.client) {
                        return Err(kerberos_error(
                            KRB5_KDCREP_MODIFIED,
                            format!("TGS-REP for {got_client}, expected {}", tgt.client),
                        ));
                    }
                    return self.credential(&rep, &part, nonce, server, realm, &d, &etypes, false);
                }
                _ => {
                    return Err(kerberos_error(
                        KRB5KRB_AP_ERR_MSG_TYPE,
                        "unexpected reply to a TGS-REQ",
                    ))
                }
            }
        }
    }

    /// A FORWARDED TGT for delegation (the TGT must be forwardable).
    pub fn forwarded_tgt(&self, tgt: &Credential) -> Result<Credential> {
        let realm = &tgt.server.realm;
        let krbtgt = Principal::new(name_type::SRV_INST, realm, &["krbtgt", realm]);
        self.service_ticket(
            tgt,
            &krbtgt,
            &TgsOptions {
                forwarded: true,
                forwardable: true,
                ..TgsOptions::default()
            },
        )
    }

    /// MIT's krb5_get_credentials: an unexpired ticket for `server` from
    /// the cache, else one from the KDC with the cache's TGT, stored in
    /// the cache.
    pub fn get_credentials(
        &self,
        loc: &CcacheLocation,
        server: &Principal,
        opts: &TgsOptions,
    ) -> Result<Credential> {
        let cc = read_ccache(loc)?;
        let (now, _) = kdc_now(&server.realm);
        if let Some(c) = cc.credentials.iter().find(|c| {
            !c.is_config()
                && c.server.matches(server)
                && c.client.matches(&cc.principal)
                && c.endtime as i64 > now
        }) {
            return Ok(c.clone());
        }
        let tgt = tgt_from(&cc, &cc.principal.realm)?;
        let cred = self.service_ticket(&tgt, server, opts)?;
        if let Err(e) = ccache::store(loc, &cred) {
            crate::trace!("krb5: cannot store the ticket for {server}: {e}");
        }
        Ok(cred)
    }
}

/// A key of `enctype` for the client: string-to-key of the password with
/// the KDC's salt (default: realm + components) and s2kparams, or the
/// keytab's entry.
fn derive_key(
    client: &Principal,
    source: &KeySource<'_>,
    enctype: Enctype,
    salt: Option<&[u8]>,
    params: Option<&[u8]>,
) -> Result<Key> {
    match source {
        KeySource::Password(pw) => {
            let default_salt = client.salt();
            let key = crypto::string_to_key(
                enctype,
                pw.as_bytes(),
                salt.unwrap_or(&default_salt),
                params,
            )?;
            Ok(key)
        }
        KeySource::Keytab(kt) => {
            let entry = kt.find(client, None, Some(enctype.id())).ok_or_else(|| {
                kerberos_error(KRB5_KT_NOTFOUND, format!("{client} enctype {enctype}"))
            })?;
            let key = entry
                .key()
                .ok_or_else(|| kerberos_error(KRB5_BAD_ENCTYPE, format!("{enctype}")))?;
            Ok(key)
        }
    }
}

/// One PA-ETYPE-INFO2 entry: enctype, salt, s2kparams.
type EtypeInfo = (Enctype, Option<Vec<u8>>, Option<Vec<u8>>);

/// PA-ETYPE-INFO2 entries this library can use.
fn parse_etype_info2(list: &[PaData]) -> Vec<EtypeInfo> {
    let Some(data) = asn1::find_padata(list, pa::ETYPE_INFO2) else {
        return Vec::new();
    };
    let Ok(info) = asn1::from_der::<EtypeInfo2>(data) else {
        return Vec::new();
    };
    info.0
        .iter()
        .filter_map(|e| {
            let et = Enctype::from_id(asn1::int_value(&e.etype.0).ok()? as i32)?;
            let salt = e.salt.0.as_ref().map(|s| s.0.as_bytes().to_vec());
            let params = e.s2kparams.0.as_ref().map(|p| p.0 .0.clone());
            Some((et, salt, params))
        })
        .collect()
}

/// EncASRepPart or EncTGSRepPart (RFC 4120 section 5.4.2 asks clients to
/// accept either tag in either reply).
fn decode_enc_kdc_rep_part(plain: &[u8]) -> Result<EncKdcRepPart> {
    match plain.first() {
        Some(0x79) => {
            Ok(asn1::decode::<picky_krb::messages::EncAsRepPart>(plain, "EncASRepPart")?.0)
        }
        Some(0x7A) => {
            Ok(asn1::decode::<picky_krb::messages::EncTgsRepPart>(plain, "EncTGSRepPart")?.0)
        }
        _ => Err(kerberos_error(
            KRB5_BADMSGTYPE,
            "the KDC reply's encrypted part is not an EncKDCRepPart",
        )),
    }
}

// ------------------------------------------------------ ccache helpers --

fn read_ccache(loc: &CcacheLocation) -> Result<ccache::Ccache> {
    ccache::read(loc).map_err(|e| match e.kind {
        super::ConfigErrorKind::NotFound => kerberos_error(KRB5_FCC_NOFILE, e),
        super::ConfigErrorKind::Malformed => kerberos_error(KRB5_CC_FORMAT, e),
        _ => kerberos_error(KRB5_CC_IO, e),
    })
}

fn tgt_from(cc: &ccache::Ccache, realm: &str) -> Result<Credential> {
    // A cache written after a time sync carries the KDC offset (MIT's
    // header tag 1): use it unless this process learnt one already.
    if let Some(off) = cc.kdc_offset {
        if kdc_time_offset(realm).is_none() {
            set_kdc_time_offset(realm, Some(off));
        }
    }
    let krbtgt = Principal::new(name_type::SRV_INST, realm, &["krbtgt", realm]);
    let c = cc
        .credentials
        .iter()
        .filter(|c| !c.is_config() && c.server.matches(&krbtgt) && c.client.matches(&cc.principal))
        .max_by_key(|c| c.endtime)
        .ok_or_else(|| {
            kerberos_error(
                KRB5_CC_NOTFOUND,
                format!("no TGT {krbtgt} for {}", cc.principal),
            )
        })?;
    let (now, _) = kdc_now(realm);
    if (c.endtime as i64) <= now {
        return Err(kerberos_error(
            KRB5KRB_AP_ERR_TKT_EXPIRED,
            format!("TGT for {} has expired", cc.principal),
        ));
    }
    Ok(c.clone())
}

/// The default principal of a credential cache (KRB5_FCC_NOFILE if there
/// is no cache).
pub fn ccache_principal(loc: &CcacheLocation) -> Result<Principal> {
    Ok(read_ccache(loc)?.principal)
}

/// The cache's unexpired TGT for its principal's realm (`realm` to pick
/// another): KRB5_FCC_NOFILE, KRB5_CC_NOTFOUND or
/// KRB5KRB_AP_ERR_TKT_EXPIRED otherwise.
pub fn get_tgt_from_ccache(loc: &CcacheLocation, realm: Option<&str>) -> Result<Credential> {
    let cc = read_ccache(loc)?;
    let realm = realm.unwrap_or(&cc.principal.realm).to_string();
    tgt_from(&cc, &realm)
}

/// Starts a cache with `cred` as its only ticket and its client as the
/// default principal (kinit's krb5_cc_initialize + krb5_cc_store).
pub fn store_new(loc: &CcacheLocation, cred: &Credential) -> Result<()> {
    let mut cc = ccache::Ccache::new(cred.client.clone());
    cc.kdc_offset = kdc_time_offset(&cred.client.realm);
    cc.credentials.push(cred.clone());
    ccache::write(loc, &cc).map_err(|e| kerberos_error(KRB5_CC_IO, e))
}

// ------------------------------------------------- the API by default --

/// A TGT for `client` with a password (AS exchange), with the current
/// krb5.conf.
pub fn initial_creds_password(client: &Principal, password: &str) -> Result<Credential> {
    KdcClient::from_env()?.initial_creds_password(client, password, &AsOptions::default())
}

/// A TGT for `client` with its key from a keytab (KRB5_CLIENT_KTNAME).
pub fn initial_creds_keytab(client: &Principal, keytab: &Keytab) -> Result<Credential> {
    KdcClient::from_env()?.initial_creds_keytab(client, keytab, &AsOptions::default())
}

/// A service ticket for `server` with `tgt` (TGS exchange).
pub fn service_ticket(
    tgt: &Credential,
    server: &Principal,
    opts: &TgsOptions,
) -> Result<Credential> {
    KdcClient::from_env()?.service_ticket(tgt, server, opts)
}

/// A forwarded TGT for delegation.
pub fn forwarded_tgt(tgt: &Credential) -> Result<Credential> {
    KdcClient::from_env()?.forwarded_tgt(tgt)
}

/// krb5_get_credentials over a cache with the current krb5.conf.
pub fn get_credentials(
    loc: &CcacheLocation,
    server: &Principal,
    opts: &TgsOptions,
) -> Result<Credential> {
    KdcClient::from_env()?.get_credentials(loc, server, opts)
}

/// `service/host` as NT-SRV-INST, anything else as NT-PRINCIPAL, in
/// `realm` when the name has none.
pub fn server_principal(name: &str, realm: &str) -> Result<Principal> {
    let mut p = Principal::parse(name, Some(realm))?;
    p.name_type = if p.components.len() >= 2 {
        name_type::SRV_INST
    } else {
        name_type::PRINCIPAL
    };
    Ok(p)
}
