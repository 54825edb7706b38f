//! KRB-CRED (RFC 4120 section 5.8): credentials sent to a peer, as in GSS
//! delegation (RFC 4121 section 4.1.1: the forwarded TGT rides in the
//! authenticator checksum). The enc-part is sealed with key usage 14
//! under the AP exchange's key, or left unencrypted (etype 0, as
//! Heimdal and Windows send it when they have no key to use).
use picky_asn1::wrapper::{
    Asn1SequenceOf, ExplicitContextTag0, ExplicitContextTag1, ExplicitContextTag2,
    ExplicitContextTag3, ExplicitContextTag4, ExplicitContextTag5, ExplicitContextTag6,
    ExplicitContextTag7, ExplicitContextTag8, ExplicitContextTag9, OctetStringAsn1, Optional,
};
use picky_krb::data_types::{
    EncKrbCredPart, EncKrbCredPartInner, EncryptedData, KrbCredInfo, Ticket,
};
use picky_krb::messages::{KrbCred, KrbCredInner};
use zeroize::Zeroizing;

use super::asn1;
use super::ccache::Credential;
use super::errors::{kerberos_error, KRB5KRB_AP_ERR_BAD_INTEGRITY, KRB5_BADMSGTYPE};
use crate::core::{Error, Result};
use crate::crypto::{usage, Key};

/// The KRB-CRED carrying `creds` (each with its ticket and session key),
/// sealed under `key` (usage 14), or unencrypted when `key` is `None`.
pub fn encode_krb_cred(creds: &[Credential], key: Option<&Key>) -> Result<Vec<u8>> {
    let mut tickets = Vec::with_capacity(creds.len());
    let mut infos = Vec::with_capacity(creds.len());
    for c in creds {
        tickets.push(asn1::decode::<Ticket>(&c.ticket, "Ticket")?);
        let opt_time = |t: u32| (t != 0).then(|| asn1::ktime(t as i64));
        infos.push(KrbCredInfo {
            key: ExplicitContextTag0::from(picky_krb::data_types::EncryptionKey {
                key_type: ExplicitContextTag0::from(asn1::int(c.key_enctype as i64)),
                key_value: ExplicitContextTag1::from(OctetStringAsn1::from(c.key.to_vec())),
            }),
            prealm: Optional::from(Some(ExplicitContextTag1::from(asn1::kstring(
                &c.client.realm,
            )?))),
            pname: Optional::from(Some(ExplicitContextTag2::from(asn1::principal_name(
                &c.client,
            )?))),
            flags: Optional::from(Some(ExplicitContextTag3::from(asn1::flags(c.ticket_flags)))),
            auth_time: Optional::from(opt_time(c.authtime).map(ExplicitContextTag4::from)),
            start_time: Optional::from(opt_time(c.starttime).map(ExplicitContextTag5::from)),
            end_time: Optional::from(opt_time(c.endtime).map(ExplicitContextTag6::from)),
            renew_till: Optional::from(opt_time(c.renew_till).map(ExplicitContextTag7::from)),
            srealm: Optional::from(Some(ExplicitContextTag8::from(asn1::kstring(
                &c.server.realm,
            )?))),
            sname: Optional::from(Some(ExplicitContextTag9::from(asn1::principal_name(
                &c.server,
            )?))),
            caddr: Optional::from(None),
        });
    }
    let (now, usec) = super::client::kdc_now(creds.first().map_or("", |c| c.client.realm.as_str()));
    let part = EncKrbCredPart::from(EncKrbCredPartInner {
        ticket_info: ExplicitContextTag0::from(Asn1SequenceOf::from(infos)),
        nonce: Optional::from(None),
        timestamp: Optional::from(Some(ExplicitContextTag2::from(asn1::ktime(now)))),
        usec: Optional::from(Some(ExplicitContextTag3::from(asn1::int(usec as i64)))),
        s_address: Optional::from(None),
        r_address: Optional::from(None),
    });
    let plain = Zeroizing::new(asn1::encode(&part, "EncKrbCredPart")?);
    let enc_part = match key {
        Some(k) => asn1::seal(k, usage::KRB_CRED_ENCPART, &plain, None)?,
        None => EncryptedData {
            etype: ExplicitContextTag0::from(asn1::int(0)),
            kvno: Optional::from(None),
            cipher: ExplicitContextTag2::from(OctetStringAsn1::from(plain.to_vec())),
        },
    };
    let cred = KrbCred::from(KrbCredInner {
        pvno: ExplicitContextTag0::from(asn1::int(5)),
        msg_type: ExplicitContextTag1::from(asn1::int(22)),
        tickets: ExplicitContextTag2::from(Asn1SequenceOf::from(tickets)),
        enc_part: ExplicitContextTag3::from(enc_part),
    });
    asn1::encode(&cred, "KRB-CRED")
}

/// The credentials in a KRB-CRED. `keys` are tried in order (MIT tries
/// the subkey, then the session key); an unencrypted enc-part (etype 0)
/// needs none.
pub fn decode_krb_cred(der: &[u8], keys: &[&Key]) -> Result<Vec<Credential>> {
    let cred: KrbCred = asn1::decode(der, "KRB-CRED")?;
    let cred = cred.0;
    let enc = &cred.enc_part.0;
    let etype = asn1::int_value(&enc.etype.0)?;
    let plain = if etype == 0 {
        Zeroizing::new(enc.cipher.0 .0.clone())
    } else {
        let mut out = None;
        for k in keys.iter().filter(|k| k.enctype.id() as i64 == etype) {
            if let Ok(p) = asn1::unseal(k, usage::KRB_CRED_ENCPART, enc) {
                out = Some(Zeroizing::new(p));
                break;
            }
        }
        out.ok_or_else(|| kerberos_error(KRB5KRB_AP_ERR_BAD_INTEGRITY, "KRB-CRED"))?
    };
    let part: EncKrbCredPart = asn1::decode(&plain, "EncKrbCredPart")?;
    let infos = &part.0.ticket_info.0 .0;
    let tickets = &cred.tickets.0 .0;
    if infos.len() != tickets.len() {
        return Err(kerberos_error(
            KRB5_BADMSGTYPE,
            "KRB-CRED: ticket and ticket-info counts differ",
        ));
    }
    let missing = |what: &'static str| -> Error {
        kerberos_error(
            KRB5_BADMSGTYPE,
            format!("KRB-CRED: KrbCredInfo without {what}"),
        )
    };
    let mut out = Vec::with_capacity(infos.len());
    for (info, ticket) in infos.iter().zip(tickets) {
        let (key_enctype, key) = asn1::key_parts(&info.key.0)?;
        let prealm = info.prealm.0.as_ref().ok_or_else(|| missing("prealm"))?;
        let pname = info.pname.0.as_ref().ok_or_else(|| missing("pname"))?;
        let srealm = info.srealm.0.as_ref().ok_or_else(|| missing("srealm"))?;
        let sname = info.sname.0.as_ref().ok_or_else(|| missing("sname"))?;
        let t =
            |v: Option<&picky_krb::data_types::KerberosTime>| v.map(asn1::ktime_u32).unwrap_or(0);
        let authtime = t(info.auth_time.0.as_ref().map(|x| &x.0));
        out.push(Credential {
            client: asn1::principal(&pname.0, &prealm.0)?,
            server: asn1::principal(&sname.0, &srealm.0)?,
            key_enctype,
            key: Zeroizing::new(key.to_vec()),
            authtime,
            starttime: match t(info.start_time.0.as_ref().map(|x| &x.0)) {
                0 => authtime,
                s => s,
            },
            endtime: t(info.end_time.0.as_ref().map(|x| &x.0)),
            renew_till: t(info.renew_till.0.as_ref().map(|x| &x.0)),
            is_skey: false,
            ticket_flags: info.flags.0.as_ref().map_or(0, |f| asn1::flags_value(&f.0)),
            addresses: Vec::new(),
            authdata: Vec::new(),
            ticket: asn1::encode(ticket, "Ticket")?,
            second_ticket: Vec::new(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::Enctype;
    use crate::krb5::Principal;
    use picky_krb::data_types::TicketInner;

    fn sample() -> Credential {
        let server = Principal::new(2, "R", &["krbtgt", "R"]);
        let ticket = Ticket::from(TicketInner {
            tkt_vno: ExplicitContextTag0::from(asn1::int(5)),
            realm: ExplicitContextTag1::from(asn1::kstring("R").unwrap()),
            sname: ExplicitContextTag2::from(asn1::principal_name(&server).unwrap()),
            enc_part: ExplicitContextTag3::from(EncryptedData {
                etype: ExplicitContextTag0::from(asn1::int(18)),
                kvno: Optional::from(Some(ExplicitContextTag1::from(asn1::int(2)))),
                cipher: ExplicitContextTag2::from(OctetStringAsn1::from(vec![7u8; 40])),
            }),
        });
        Credential {
            client: Principal::new(1, "R", &["alice"]),
            server,
            key_enctype: 18,
            key: Zeroizing::new(vec![9u8; 32]),
            authtime: 1_700_000_000,
            starttime: 1_700_000_000,
            endtime: 1_700_036_000,
            renew_till: 0,
            is_skey: false,
            ticket_flags: 0x6000_0000,
            addresses: Vec::new(),
            authdata: Vec::new(),
            ticket: asn1::encode(&ticket, "Ticket").unwrap(),
            second_ticket: Vec::new(),
        }
    }

    #[test]
    fn round_trip_sealed_and_plain() {
        let c = sample();
        let key = Key::generate(Enctype::Aes128CtsHmacSha196).unwrap();
        let other = Key::generate(Enctype::Aes128CtsHmacSha196).unwrap();
        let der = encode_krb_cred(std::slice::from_ref(&c), Some(&key)).unwrap();
        assert_eq!(der[0], 0x76);
        assert_eq!(
            decode_krb_cred(&der, &[&other, &key]).unwrap(),
            vec![c.clone()]
        );
        assert!(matches!(
            decode_krb_cred(&der, &[&other]),
            Err(Error::Kerberos {
                code: KRB5KRB_AP_ERR_BAD_INTEGRITY,
                ..
            })
        ));
        let plain = encode_krb_cred(std::slice::from_ref(&c), None).unwrap();
        assert_eq!(decode_krb_cred(&plain, &[]).unwrap(), vec![c]);
        for n in 0..plain.len() {
            assert!(decode_krb_cred(&plain[..n], &[]).is_err());
        }
    }
}
