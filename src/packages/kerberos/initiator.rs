//! The initiator's side of the AP exchange (RFC 4120 3.2, RFC 4121 4.1):
//! an AP-REQ whose authenticator carries the 0x8003 checksum, a random
//! subkey of the session key's enctype and a sequence number; then the
//! AP-REP check when mutual authentication was asked for.
use picky_asn1::wrapper::{
    ExplicitContextTag0, ExplicitContextTag1, ExplicitContextTag2, ExplicitContextTag3,
    ExplicitContextTag4, ExplicitContextTag5, ExplicitContextTag6, ExplicitContextTag7, Optional,
};
use picky_krb::data_types::{
    Authenticator, AuthenticatorInner, Checksum, EncApRepPart, EncryptedData, Ticket,
};
use picky_krb::messages::{ApRep, ApReq, ApReqInner, KrbError};

use super::asn1::{self, from_der, int, int_value, octets, to_der};
use super::authcksum::{AuthChecksum, CKSUM_TYPE};
use super::codes::{kerberos_error, ERROR_TABLE_BASE, KRB5KRB_AP_ERR_MUT_FAIL};
use super::token::{self, TOK_AP_REP, TOK_AP_REQ, TOK_KRB_ERROR};
use crate::core::bindings::ChannelBindings;
use crate::core::flags::Flags;
use crate::core::{Error, Result};
use crate::crypto::{self, usage, Key};
use crate::krb5::ccache::Credential as CcCred;

/// AP-REQ ap-options bit 2 (mutual-required) as KerberosFlags bits.
pub const AP_MUTUAL_REQUIRED: u32 = 0x2000_0000;

/// What the initiator keeps from its AP-REQ.
pub struct Sent {
    pub token: Vec<u8>,
    pub session_key: Key,
    pub subkey: Key,
    pub seq: u32,
    pub ctime: i64,
    pub cusec: u32,
}

fn random_u32() -> Result<u32> {
    let mut b = [0u8; 4];
    crate::crypto::random::fill(&mut b).map_err(|e| Error::Internal(format!("random: {e}")))?;
    Ok(u32::from_le_bytes(b))
}

pub fn ap_req(
    ticket: &CcCred,
    mech: &[u8],
    flags: Flags,
    bindings: Option<&ChannelBindings>,
    deleg: Option<Vec<u8>>,
) -> Result<Sent> {
    ap_req_at(ticket, mech, flags, bindings, deleg, asn1::now())
}

/// `ap_req` with the authenticator time given (tests of clock skew).
pub fn ap_req_at(
    ticket: &CcCred,
    mech: &[u8],
    flags: Flags,
    bindings: Option<&ChannelBindings>,
    deleg: Option<Vec<u8>>,
    (ctime, cusec): (i64, u32),
) -> Result<Sent> {
    let session_key = ticket.session_key().ok_or_else(|| {
        kerberos_error(
            super::codes::KRB5_PROG_ETYPE_NOSUPP,
            format!("session key enctype {}", ticket.key_enctype),
        )
    })?;
    let subkey = Key::generate(session_key.enctype)?;
    // MIT keeps initial sequence numbers below 2^30 so they never wrap.
    let seq = random_u32()? & 0x3fff_ffff;
    let cksum = AuthChecksum {
        bindings: bindings.map(ChannelBindings::md5).unwrap_or([0; 16]),
        flags: flags | Flags::CONFIDENTIALITY | Flags::INTEGRITY,
        deleg,
        dce: false,
    };
    let auth = Authenticator::from(AuthenticatorInner {
        authenticator_vno: ExplicitContextTag0::from(int(5)),
        crealm: ExplicitContextTag1::from(asn1::realm(&ticket.client.realm)?),
        cname: ExplicitContextTag2::from(asn1::principal_name(&ticket.client)?),
        cksum: Optional::from(Some(ExplicitContextTag3::from(Checksum {
            cksumtype: ExplicitContextTag0::from(int(CKSUM_TYPE)),
            checksum: ExplicitContextTag1::from(octets(&cksum.encode())),
        }))),
        cusec: ExplicitContextTag4::from(int(cusec as i64)),
        ctime: ExplicitContextTag5::from(asn1::time(ctime)),
        subkey: Optional::from(Some(ExplicitContextTag6::from(asn1::encryption_key(
            &subkey,
        )))),
        seq_number: Optional::from(Some(ExplicitContextTag7::from(int(seq as i64)))),
        authorization_data: Optional::from(None),
    });
    let auth_der = zeroize::Zeroizing::new(to_der(&auth, "Authenticator")?);
    let enc = crypto::encrypt(&session_key, usage::AP_REQ_AUTH, &auth_der)?;
    let tkt: Ticket = from_der(&ticket.ticket, "cached Ticket")?;
    let mut opts = 0;
    if flags.contains(Flags::MUTUAL) {
        opts |= AP_MUTUAL_REQUIRED;
    }
    let req = ApReq::from(ApReqInner {
        pvno: ExplicitContextTag0::from(int(5)),
        msg_type: ExplicitContextTag1::from(int(14)),
        ap_options: ExplicitContextTag2::from(asn1::flags(opts)),
        ticket: ExplicitContextTag3::from(tkt),
        authenticator: ExplicitContextTag4::from(EncryptedData {
            etype: ExplicitContextTag0::from(int(session_key.enctype.id() as i64)),
            kvno: Optional::from(None),
            cipher: ExplicitContextTag2::from(octets(&enc)),
        }),
    });
    Ok(Sent {
        token: token::wrap(mech, TOK_AP_REQ, &to_der(&req, "AP-REQ")?),
        session_key,
        subkey,
        seq,
        ctime,
        cusec,
    })
}

/// A KRB-ERROR from the acceptor as the error it reports.
pub fn krb_error(body: &[u8]) -> Error {
    match from_der::<KrbError>(body, "KRB-ERROR") {
        Ok(e) => {
            let code = ERROR_TABLE_BASE + e.0.error_code.0 as i32;
            let text =
                e.0.e_text
                    .0
                    .as_ref()
                    .map(|t| t.0 .0.as_utf8().to_string())
                    .unwrap_or_default();
            kerberos_error(
                code,
                format!("KRB-ERROR {} from the acceptor {text}", e.0.error_code.0),
            )
        }
        Err(e) => e,
    }
}

/// Checks the AP-REP (RFC 4120 3.2.5): returns the acceptor's subkey and
/// sequence number.
pub fn ap_rep(
    mech_ok: impl Fn(&[u8]) -> bool,
    tok: &[u8],
    sent: &Sent,
) -> Result<(Option<Key>, Option<u32>)> {
    let (mech, id, body) = token::unwrap(tok)?;
    if !mech_ok(mech) {
        return Err(Error::InvalidToken("AP-REP for another mechanism".into()));
    }
    if id == TOK_KRB_ERROR {
        return Err(krb_error(body));
    }
    if id != TOK_AP_REP {
        return Err(Error::InvalidToken(format!(
            "expected an AP-REP, got TOK_ID {id:02x?}"
        )));
    }
    let rep: ApRep = from_der(body, "AP-REP")?;
    let enc = &rep.0.enc_part.0;
    let pt = zeroize::Zeroizing::new(
        crypto::decrypt(&sent.session_key, usage::AP_REP_ENCPART, &enc.cipher.0 .0)
            .map_err(|_| kerberos_error(super::codes::KRB5KRB_AP_ERR_BAD_INTEGRITY, "AP-REP"))?,
    );
    let part: EncApRepPart = from_der(&pt, "EncAPRepPart")?;
    let p = &part.0;
    if asn1::unix_time(&p.ctime.0) != sent.ctime || int_value(&p.cusec.0) != Some(sent.cusec as i64)
    {
        return Err(kerberos_error(
            KRB5KRB_AP_ERR_MUT_FAIL,
            "AP-REP ctime/cusec differ from the authenticator's",
        ));
    }
    let subkey = match &p.subkey.0 {
        Some(k) => Some(asn1::key(&k.0)?),
        None => None,
    };
    let seq = p.seq_number.0.as_ref().and_then(|s| asn1::u32_value(&s.0));
    Ok((subkey, seq))
}
