//! KRB-CRED (RFC 4120 5.8): how a forwarded TGT travels in the 0x8003
//! checksum's Deleg field (RFC 4121 4.1.1.1), encrypted in the ticket
//! session key with key usage 14.
use picky_asn1::wrapper::{
    Asn1SequenceOf, ExplicitContextTag0, ExplicitContextTag1, ExplicitContextTag2,
    ExplicitContextTag3, ExplicitContextTag4, ExplicitContextTag5, ExplicitContextTag6,
    ExplicitContextTag7, ExplicitContextTag8, ExplicitContextTag9, Optional,
};
use picky_krb::data_types::{
    EncKrbCredPart, EncKrbCredPartInner, EncryptedData, KrbCredInfo, Ticket,
};
use picky_krb::messages::{KrbCred, KrbCredInner};
use zeroize::Zeroizing;

use super::asn1::{self, from_der, int, int_value, octets, to_der};
use crate::core::{Error, Result};
use crate::crypto::{self, usage, Key};
use crate::krb5::ccache::{Credential as CcCred, TypedData};

/// A KRB-CRED carrying `creds` (normally one forwarded TGT).
pub fn build(creds: &[CcCred], session_key: &Key) -> Result<Vec<u8>> {
    let mut tickets = Vec::with_capacity(creds.len());
    let mut infos = Vec::with_capacity(creds.len());
    let t = |v: u32| Optional::from((v != 0).then(|| asn1::time(v as i64)));
    for c in creds {
        tickets.push(from_der::<Ticket>(&c.ticket, "cached Ticket")?);
        let key = c.session_key().ok_or(Error::Unsupported(
            "delegating a ticket of an unknown enctype",
        ))?;
        infos.push(KrbCredInfo {
            key: ExplicitContextTag0::from(asn1::encryption_key(&key)),
            prealm: Optional::from(Some(ExplicitContextTag1::from(asn1::realm(
                &c.client.realm,
            )?))),
            pname: Optional::from(Some(ExplicitContextTag2::from(asn1::principal_name(
                &c.client,
            )?))),
            flags: Optional::from(Some(ExplicitContextTag3::from(asn1::flags(c.ticket_flags)))),
            auth_time: Optional::from(t(c.authtime).0.map(ExplicitContextTag4::from)),
            start_time: Optional::from(t(c.starttime).0.map(ExplicitContextTag5::from)),
            end_time: Optional::from(t(c.endtime).0.map(ExplicitContextTag6::from)),
            renew_till: Optional::from(t(c.renew_till).0.map(ExplicitContextTag7::from)),
            srealm: Optional::from(Some(ExplicitContextTag8::from(asn1::realm(
                &c.server.realm,
            )?))),
            sname: Optional::from(Some(ExplicitContextTag9::from(asn1::principal_name(
                &c.server,
            )?))),
            caddr: Optional::from(None),
        });
    }
    let (now, us) = asn1::now();
    let part = EncKrbCredPart::from(EncKrbCredPartInner {
        ticket_info: ExplicitContextTag0::from(Asn1SequenceOf::from(infos)),
        nonce: Optional::from(None),
        timestamp: Optional::from(Some(ExplicitContextTag2::from(asn1::time(now)))),
        usec: Optional::from(Some(ExplicitContextTag3::from(int(us as i64)))),
        s_address: Optional::from(None),
        r_address: Optional::from(None),
    });
    let der = Zeroizing::new(to_der(&part, "EncKrbCredPart")?);
    let enc = crypto::encrypt(session_key, usage::KRB_CRED_ENCPART, &der)?;
    let kc = KrbCred::from(KrbCredInner {
        pvno: ExplicitContextTag0::from(int(5)),
        msg_type: ExplicitContextTag1::from(int(22)),
        tickets: ExplicitContextTag2::from(Asn1SequenceOf::from(tickets)),
        enc_part: ExplicitContextTag3::from(EncryptedData {
            etype: ExplicitContextTag0::from(int(session_key.enctype.id() as i64)),
            kvno: Optional::from(None),
            cipher: ExplicitContextTag2::from(octets(&enc)),
        }),
    });
    to_der(&kc, "KRB-CRED")
}

/// A delegated KRB-CRED (RFC 4120 5.8) as cache entries. Its enc-part is
/// encrypted in the ticket session key (usage 14), or sent in the clear
/// with etype 0 as some implementations do.
pub fn parse(der: &[u8], session_key: &Key) -> Result<Vec<CcCred>> {
    let kc: KrbCred = from_der(der, "KRB-CRED")?;
    let enc = &kc.0.enc_part.0;
    let etype = int_value(&enc.etype.0).unwrap_or(0);
    let pt = Zeroizing::new(if etype == 0 {
        enc.cipher.0 .0.clone()
    } else {
        crypto::decrypt(session_key, usage::KRB_CRED_ENCPART, &enc.cipher.0 .0)?
    });
    let part: EncKrbCredPart = from_der(&pt, "EncKrbCredPart")?;
    let infos = &part.0.ticket_info.0 .0;
    let tickets = &kc.0.tickets.0 .0;
    if infos.len() != tickets.len() || infos.is_empty() {
        return Err(Error::InvalidToken(
            "KRB-CRED ticket and info counts differ".into(),
        ));
    }
    let mut out = Vec::with_capacity(infos.len());
    for (info, t) in infos.iter().zip(tickets) {
        let key = asn1::key(&info.key.0)?;
        let client = match (&info.pname.0, &info.prealm.0) {
            (Some(n), Some(r)) => asn1::principal(&n.0, &r.0)?,
            _ => return Err(Error::InvalidToken("KRB-CRED without a client name".into())),
        };
        let server = match (&info.sname.0, &info.srealm.0) {
            (Some(n), Some(r)) => asn1::principal(&n.0, &r.0)?,
            _ => asn1::principal(&t.0.sname.0, &t.0.realm.0)?,
        };
        let time = |o: Option<i64>| o.map_or(0, |v| v as u32);
        out.push(CcCred {
            client,
            server,
            key_enctype: key.enctype.id(),
            key: Zeroizing::new(key.bytes().to_vec()),
            authtime: time(info.auth_time.0.as_ref().map(|x| asn1::unix_time(&x.0))),
            starttime: time(info.start_time.0.as_ref().map(|x| asn1::unix_time(&x.0))),
            endtime: time(info.end_time.0.as_ref().map(|x| asn1::unix_time(&x.0))),
            renew_till: time(info.renew_till.0.as_ref().map(|x| asn1::unix_time(&x.0))),
            is_skey: false,
            ticket_flags: info.flags.0.as_ref().map_or(0, |f| asn1::flags_value(&f.0)),
            addresses: Vec::<TypedData>::new(),
            authdata: Vec::new(),
            ticket: to_der(t, "Ticket")?,
            second_ticket: Vec::new(),
        });
    }
    Ok(out)
}
