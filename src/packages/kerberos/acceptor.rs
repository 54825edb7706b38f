//! The acceptor's side of the AP exchange (RFC 4120 3.2.3, RFC 4121 4.1):
//! the service key from the keytab by principal, kvno and enctype; the
//! ticket (usage 2) and authenticator (usage 11) decrypted and checked
//! (times against the clock skew, names, replay, the 0x8003 checksum and
//! channel bindings); an AP-REP with an acceptor subkey when mutual.
use picky_asn1::wrapper::{
    ExplicitContextTag0, ExplicitContextTag1, ExplicitContextTag2, ExplicitContextTag3, Optional,
};
use picky_krb::data_types::{
    Authenticator, EncApRepPart, EncApRepPartInner, EncTicketPart, EncryptedData,
};
use picky_krb::messages::{ApRep, ApRepInner, ApReq};
use zeroize::Zeroizing;

use super::asn1::{self, from_der, int, int_value, octets, to_der};
use super::authcksum::{AuthChecksum, CKSUM_TYPE};
use super::codes::*;
use super::initiator::AP_MUTUAL_REQUIRED;
use super::krbcred;
use super::replay;
use super::token::{self, TOK_AP_REP, TOK_AP_REQ};
use crate::core::bindings::ChannelBindings;
use crate::core::flags::Flags;
use crate::core::{Error, Result};
use crate::crypto::{self, usage, Enctype, Key};
use crate::krb5::ccache::Credential as CcCred;
use crate::krb5::keytab::Keytab;
use crate::krb5::Principal;

/// What an accepted AP-REQ established.
pub struct Accepted {
    pub client: Principal,
    pub server: Principal,
    pub flags: Flags,
    pub session_key: Key,
    pub initiator_subkey: Option<Key>,
    pub acceptor_subkey: Option<Key>,
    pub initiator_seq: u32,
    pub acceptor_seq: u32,
    pub endtime: i64,
    /// The AP-REP token, when mutual authentication was asked for.
    pub reply: Option<Vec<u8>>,
    pub delegated: Option<Vec<CcCred>>,
}

pub struct Params<'a> {
    pub mech_ok: &'a dyn Fn(&[u8]) -> bool,
    pub reply_mech: &'a [u8],
    pub keytab: &'a Keytab,
    pub keytab_name: &'a str,
    /// The acceptor principal the credential was acquired for.
    pub acceptor: Option<&'a Principal>,
    pub bindings: Option<&'a ChannelBindings>,
    pub skew: i64,
    pub rcache: &'a replay::Cache,
}

/// The authenticator's Bnd field against the acceptor's channel bindings,
/// compared in constant time. An initiator that sent none (zeros) is
/// accepted, as MIT does.
pub fn bindings_match(sent: &[u8; 16], cb: &ChannelBindings) -> bool {
    *sent == [0; 16] || crypto::ct_eq(sent, &cb.md5())
}

fn service_key(p: &Params<'_>, server: &Principal, kvno: Option<u32>, etype: i32) -> Result<Key> {
    let ename = Enctype::from_id(etype).map_or_else(|| etype.to_string(), |e| e.name().to_string());
    let kv = kvno.map_or_else(|| "any".to_string(), |k| k.to_string());
    if let Some(e) = p.keytab.find(server, kvno, Some(etype)) {
        return e.key().ok_or_else(|| {
            kerberos_error(
                KRB5_PROG_ETYPE_NOSUPP,
                format!("enctype {ename} of {server}"),
            )
        });
    }
    let code = if p.keytab.find(server, None, Some(etype)).is_some() {
        KRB5_KT_KVNONOTFOUND
    } else {
        KRB5_KT_NOTFOUND
    };
    Err(kerberos_error(
        code,
        format!("{server} kvno {kv} enctype {ename} in {}", p.keytab_name),
    ))
}

pub fn accept(p: &Params<'_>, tok: &[u8]) -> Result<Accepted> {
    let (mech, id, body) = token::unwrap(tok)?;
    if !(p.mech_ok)(mech) {
        return Err(Error::InvalidToken("token for another mechanism".into()));
    }
    if id != TOK_AP_REQ {
        return Err(Error::InvalidToken(format!(
            "expected an AP-REQ, got TOK_ID {id:02x?}"
        )));
    }
    let req: ApReq = from_der(body, "AP-REQ")?;
    let r = &req.0;
    if int_value(&r.pvno.0) != Some(5) {
        return Err(kerberos_error(KRB5KRB_AP_ERR_BADVERSION, "AP-REQ pvno"));
    }
    if int_value(&r.msg_type.0) != Some(14) {
        return Err(kerberos_error(KRB5KRB_AP_ERR_MSG_TYPE, "AP-REQ msg-type"));
    }
    let ap_options = asn1::flags_value(&r.ap_options.0);
    let tkt = &r.ticket.0 .0;
    let server = asn1::principal(&tkt.sname.0, &tkt.realm.0)?;
    if let Some(want) = p.acceptor {
        if !want.matches(&server) {
            return Err(kerberos_error(
                KRB5KRB_AP_WRONG_PRINC,
                format!("ticket for {server}, acceptor is {want}"),
            ));
        }
    }
    let enc = &tkt.enc_part.0;
    let etype = int_value(&enc.etype.0).unwrap_or(0) as i32;
    let kvno = enc.kvno.0.as_ref().and_then(|k| asn1::u32_value(&k.0));
    let key = service_key(p, &server, kvno, etype)?;
    let tpt = Zeroizing::new(
        crypto::decrypt(&key, usage::KDC_REP_TICKET, &enc.cipher.0 .0).map_err(|_| {
            kerberos_error(KRB5KRB_AP_ERR_BAD_INTEGRITY, format!("ticket for {server}"))
        })?,
    );
    let part: EncTicketPart = from_der(&tpt, "EncTicketPart")?;
    let t = &part.0;
    let session_key = asn1::key(&t.key.0)?;
    let client = asn1::principal(&t.cname.0, &t.crealm.0)?;

    let aenc = &r.authenticator.0;
    let apt = Zeroizing::new(
        crypto::decrypt(&session_key, usage::AP_REQ_AUTH, &aenc.cipher.0 .0)
            .map_err(|_| kerberos_error(KRB5KRB_AP_ERR_BAD_INTEGRITY, "authenticator"))?,
    );
    let auth: Authenticator = from_der(&apt, "Authenticator")?;
    let a = &auth.0;
    let aclient = asn1::principal(&a.cname.0, &a.crealm.0)?;
    if !aclient.matches(&client) {
        return Err(kerberos_error(
            KRB5KRB_AP_ERR_BADMATCH,
            format!("authenticator names {aclient}, ticket {client}"),
        ));
    }

    // Times (RFC 4120 3.2.3).
    let (now, _) = asn1::now();
    let ctime = asn1::unix_time(&a.ctime.0);
    if (now - ctime).abs() > p.skew {
        return Err(kerberos_error(
            KRB5KRB_AP_ERR_SKEW,
            format!(
                "authenticator time {ctime}, ours {now}, allowed skew {} s",
                p.skew
            ),
        ));
    }
    let start = t.starttime.0.as_ref().map_or_else(
        || asn1::unix_time(&t.auth_time.0),
        |s| asn1::unix_time(&s.0),
    );
    let endtime = asn1::unix_time(&t.endtime.0);
    if start - p.skew > now {
        return Err(kerberos_error(
            KRB5KRB_AP_ERR_TKT_NYV,
            format!("ticket for {server}"),
        ));
    }
    if endtime + p.skew < now {
        return Err(kerberos_error(
            KRB5KRB_AP_ERR_TKT_EXPIRED,
            format!("ticket for {server}"),
        ));
    }

    // The GSS checksum and channel bindings (RFC 4121 4.1.1).
    let ck =
        a.cksum.0.as_ref().ok_or_else(|| {
            kerberos_error(KRB5KRB_AP_ERR_INAPP_CKSUM, "no authenticator checksum")
        })?;
    if int_value(&ck.0.cksumtype.0) != Some(CKSUM_TYPE) {
        return Err(kerberos_error(
            KRB5KRB_AP_ERR_INAPP_CKSUM,
            "checksum is not type 0x8003",
        ));
    }
    let gss = AuthChecksum::decode(&ck.0.checksum.0 .0)?;
    if gss.dce {
        return Err(Error::Unsupported(
            "Kerberos DCE style (three-leg AP exchange)",
        ));
    }
    if let Some(cb) = p.bindings {
        if !bindings_match(&gss.bindings, cb) {
            return Err(Error::BadBindings);
        }
    }
    let tag = replay::tag(&aenc.cipher.0 .0, session_key.enctype.checksum_size());
    replay::check(p.rcache, &tag, now, p.skew)?;

    let initiator_subkey = match &a.subkey.0 {
        Some(k) => Some(asn1::key(&k.0)?),
        None => None,
    };
    let initiator_seq = a
        .seq_number
        .0
        .as_ref()
        .and_then(|s| asn1::u32_value(&s.0))
        .unwrap_or(0);
    let mut flags = gss.flags | Flags::CONFIDENTIALITY | Flags::INTEGRITY;
    let delegated = match &gss.deleg {
        Some(d) => match krbcred::parse(d, &session_key) {
            Ok(c) => Some(c),
            Err(e) => {
                crate::trace!("kerberos: ignoring delegated credentials: {e}");
                flags.remove(Flags::DELEGATE);
                None
            }
        },
        None => None,
    };
    let mutual = ap_options & AP_MUTUAL_REQUIRED != 0;
    let (reply, acceptor_subkey, acceptor_seq) = if mutual {
        flags |= Flags::MUTUAL;
        let enctype = initiator_subkey.as_ref().unwrap_or(&session_key).enctype;
        let sub = Key::generate(enctype)?;
        let mut b = [0u8; 4];
        crate::crypto::random::fill(&mut b).map_err(|e| Error::Internal(format!("random: {e}")))?;
        let seq = u32::from_le_bytes(b) & 0x3fff_ffff;
        let part = EncApRepPart::from(EncApRepPartInner {
            ctime: ExplicitContextTag0::from(a.ctime.0.clone()),
            cusec: ExplicitContextTag1::from(a.cusec.0.clone()),
            subkey: Optional::from(Some(ExplicitContextTag2::from(asn1::encryption_key(&sub)))),
            seq_number: Optional::from(Some(ExplicitContextTag3::from(int(seq as i64)))),
        });
        let der = Zeroizing::new(to_der(&part, "EncAPRepPart")?);
        let enc = crypto::encrypt(&session_key, usage::AP_REP_ENCPART, &der)?;
        let rep = ApRep::from(ApRepInner {
            pvno: ExplicitContextTag0::from(int(5)),
            msg_type: ExplicitContextTag1::from(int(15)),
            enc_part: ExplicitContextTag2::from(EncryptedData {
                etype: ExplicitContextTag0::from(int(session_key.enctype.id() as i64)),
                kvno: Optional::from(None),
                cipher: ExplicitContextTag2::from(octets(&enc)),
            }),
        });
        let tok = token::wrap(p.reply_mech, TOK_AP_REP, &to_der(&rep, "AP-REP")?);
        (Some(tok), Some(sub), seq)
    } else {
        flags.remove(Flags::MUTUAL);
        // Without an AP-REP both directions start at the initiator's number.
        (None, None, initiator_seq)
    };
    Ok(Accepted {
        client,
        server,
        flags,
        session_key,
        initiator_subkey,
        acceptor_subkey,
        initiator_seq,
        acceptor_seq,
        endtime,
        reply,
        delegated,
    })
}
