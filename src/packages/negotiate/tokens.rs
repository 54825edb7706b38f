//! SPNEGO tokens: RFC 4178 4.2 NegotiationToken (NegTokenInit,
//! NegTokenResp) inside the RFC 2743 3.1 InitialContextToken, and
//! [MS-SPNG] 2.2.1 NegTokenInit2 (negHints), the acceptor's first message
//! when the initiator opens with an empty token.
//!
//! The decoder keeps the mechTypes field's DER exactly as received: the
//! mechListMIC is computed over those bytes, never over a re-encoding.
use super::der::{self, ctx, Reader, Writer};
use crate::core::{Error, Result};

/// gss_mech_spnego, 1.3.6.1.5.5.2.
pub const SPNEGO_OID: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x02];

/// [MS-SPNG] 3.2.5.2 / MIT: the hint name Windows sends in negHints.
pub const HINT_NAME: &str = "not_defined_in_RFC4178@please_ignore";

fn bad(what: &str) -> Error {
    Error::InvalidToken(format!("SPNEGO: {what}"))
}

/// NegState (RFC 4178 4.2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NegState {
    AcceptCompleted = 0,
    AcceptIncomplete = 1,
    Reject = 2,
    RequestMic = 3,
}

impl NegState {
    fn from_u8(v: u8) -> Result<Self> {
        Ok(match v {
            0 => NegState::AcceptCompleted,
            1 => NegState::AcceptIncomplete,
            2 => NegState::Reject,
            3 => NegState::RequestMic,
            _ => return Err(bad(&format!("unknown negState {v}"))),
        })
    }
}

/// NegTokenInit (RFC 4178 4.2.1) or, with `neg_hints`, NegTokenInit2
/// ([MS-SPNG] 2.2.1).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NegTokenInit {
    /// Mechanism OIDs (DER contents), the initiator's preference first.
    pub mech_types: Vec<Vec<u8>>,
    /// The MechTypeList SEQUENCE as on the wire (the mechListMIC input).
    pub mech_types_der: Vec<u8>,
    pub mech_token: Option<Vec<u8>>,
    pub mech_list_mic: Option<Vec<u8>>,
    /// NegTokenInit2's negHints hintName, when present.
    pub hint_name: Option<String>,
}

/// NegTokenResp (RFC 4178 4.2.2).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NegTokenResp {
    pub neg_state: Option<NegState>,
    pub supported_mech: Option<Vec<u8>>,
    pub response_token: Option<Vec<u8>>,
    pub mech_list_mic: Option<Vec<u8>>,
}

/// A decoded SPNEGO message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NegToken {
    Init(NegTokenInit),
    Resp(NegTokenResp),
}

/// The MechTypeList DER for `mechs` (what the mechListMIC covers).
pub fn mech_types_der(mechs: &[&[u8]]) -> Vec<u8> {
    let mut w = Writer::with_capacity(mechs.iter().map(|m| m.len() + 2).sum::<usize>() + 4);
    w.nested(der::SEQUENCE, |w| {
        mechs.iter().for_each(|m| w.tlv(der::OID, m))
    });
    w.finish()
}

/// `[n] OCTET STRING`, when there is a value.
fn octets_field(w: &mut Writer, n: u8, v: &Option<Vec<u8>>) {
    if let Some(b) = v {
        w.nested(ctx(n), |w| w.tlv(der::OCTET_STRING, b));
    }
}

/// Room for the framing around `payload` bytes of fields.
fn capacity(payload: usize) -> usize {
    payload + 48
}

fn len(v: &Option<Vec<u8>>) -> usize {
    v.as_ref().map_or(0, Vec::len)
}

impl NegTokenInit {
    /// The initiator's first token: InitialContextToken(SPNEGO OID,
    /// [0] NegTokenInit). `mech_types_der` must already be set.
    pub fn encode(&self) -> Vec<u8> {
        let size = self.mech_types_der.len() + len(&self.mech_token) + len(&self.mech_list_mic);
        wrap_initial(capacity(size), |w| {
            w.nested(ctx(0), |w| w.raw(&self.mech_types_der));
            octets_field(w, 2, &self.mech_token);
            octets_field(w, 3, &self.mech_list_mic);
        })
    }

    /// The acceptor's NegTokenInit2 ([MS-SPNG] 2.2.1): mechTypes and
    /// negHints { hintName }, framed like an initial token.
    pub fn encode_init2(&self) -> Vec<u8> {
        let hint = self.hint_name.as_deref().unwrap_or(HINT_NAME);
        wrap_initial(capacity(self.mech_types_der.len() + hint.len()), |w| {
            w.nested(ctx(0), |w| w.raw(&self.mech_types_der));
            w.nested(ctx(3), |w| {
                w.nested(der::SEQUENCE, |w| {
                    w.nested(ctx(0), |w| w.tlv(der::GENERAL_STRING, hint.as_bytes()))
                })
            });
        })
    }
}

/// InitialContextToken (RFC 2743 3.1) around `[0] NegTokenInit`, whose
/// SEQUENCE's fields `fields` writes.
fn wrap_initial(capacity: usize, fields: impl FnOnce(&mut Writer)) -> Vec<u8> {
    let mut w = Writer::with_capacity(capacity);
    w.nested(der::APPLICATION_0, |w| {
        w.tlv(der::OID, SPNEGO_OID);
        w.nested(ctx(0), |w| w.nested(der::SEQUENCE, fields));
    });
    w.finish()
}

impl NegTokenResp {
    /// `[1] NegTokenResp`, as sent after the first message.
    pub fn encode(&self) -> Vec<u8> {
        let size = len(&self.supported_mech) + len(&self.response_token) + len(&self.mech_list_mic);
        let mut w = Writer::with_capacity(capacity(size));
        w.nested(ctx(1), |w| {
            w.nested(der::SEQUENCE, |w| {
                if let Some(s) = self.neg_state {
                    w.nested(ctx(0), |w| w.tlv(der::ENUMERATED, &[s as u8]));
                }
                if let Some(m) = &self.supported_mech {
                    w.nested(ctx(1), |w| w.tlv(der::OID, m));
                }
                octets_field(w, 2, &self.response_token);
                octets_field(w, 3, &self.mech_list_mic);
            })
        });
        w.finish()
    }
}

/// An explicitly tagged OCTET STRING's contents.
fn octets_in(t: der::Tlv<'_>, what: &str) -> Result<Vec<u8>> {
    let mut r = Reader::new(t.value);
    let o = r.expect(der::OCTET_STRING, what)?;
    Ok(o.value.to_vec())
}

fn decode_init(seq: &[u8]) -> Result<NegTokenInit> {
    let mut r = Reader::new(seq);
    let s = r.expect(der::SEQUENCE, "NegTokenInit SEQUENCE")?;
    let mut f = Reader::new(s.value);
    let mut out = NegTokenInit::default();
    let mt = f.expect(ctx(0), "mechTypes [0]")?;
    let mut mr = Reader::new(mt.value);
    let list = mr.expect(der::SEQUENCE, "MechTypeList")?;
    out.mech_types_der = list.raw.to_vec();
    let mut items = Reader::new(list.value);
    while !items.is_empty() {
        let oid = items.expect(der::OID, "a mechanism OID")?;
        out.mech_types.push(oid.value.to_vec());
    }
    if f.optional(ctx(1))?.is_some() {
        // reqFlags: deprecated (RFC 4178 4.2.1) and ignored.
    }
    if let Some(t) = f.optional(ctx(2))? {
        out.mech_token = Some(octets_in(t, "mechToken")?);
    }
    // [3] is mechListMIC (OCTET STRING) in RFC 4178 and negHints
    // (SEQUENCE) in NegTokenInit2, whose mechListMIC is then [4].
    if let Some(t) = f.optional(ctx(3))? {
        match Reader::new(t.value).peek_tag() {
            Some(der::SEQUENCE) => out.hint_name = decode_hints(t.value)?,
            _ => out.mech_list_mic = Some(octets_in(t, "mechListMIC")?),
        }
    }
    if let Some(t) = f.optional(ctx(4))? {
        out.mech_list_mic = Some(octets_in(t, "mechListMIC")?);
    }
    if !f.is_empty() {
        return Err(bad("unexpected field in NegTokenInit"));
    }
    Ok(out)
}

fn decode_hints(v: &[u8]) -> Result<Option<String>> {
    let mut r = Reader::new(v);
    let s = r.expect(der::SEQUENCE, "NegHints")?;
    let mut f = Reader::new(s.value);
    let mut name = None;
    if let Some(t) = f.optional(ctx(0))? {
        let mut g = Reader::new(t.value);
        let s = g.expect(der::GENERAL_STRING, "hintName")?;
        name = Some(String::from_utf8_lossy(s.value).into_owned());
    }
    // hintAddress [1] is ignored.
    Ok(name)
}

fn decode_resp(v: &[u8]) -> Result<NegTokenResp> {
    let mut r = Reader::new(v);
    let s = r.expect(der::SEQUENCE, "NegTokenResp SEQUENCE")?;
    let mut f = Reader::new(s.value);
    let mut out = NegTokenResp::default();
    if let Some(t) = f.optional(ctx(0))? {
        let mut e = Reader::new(t.value);
        let n = e.expect(der::ENUMERATED, "negState")?;
        let [b] = n.value else {
            return Err(bad("negState is not one byte"));
        };
        out.neg_state = Some(NegState::from_u8(*b)?);
    }
    if let Some(t) = f.optional(ctx(1))? {
        let mut o = Reader::new(t.value);
        out.supported_mech = Some(o.expect(der::OID, "supportedMech")?.value.to_vec());
    }
    if let Some(t) = f.optional(ctx(2))? {
        out.response_token = Some(octets_in(t, "responseToken")?);
    }
    if let Some(t) = f.optional(ctx(3))? {
        out.mech_list_mic = Some(octets_in(t, "mechListMIC")?);
    }
    if !f.is_empty() {
        return Err(bad("unexpected field in NegTokenResp"));
    }
    Ok(out)
}

/// Decodes any SPNEGO message: the framed initial token (0x60 with the
/// SPNEGO OID), a bare `[0] NegTokenInit` or a `[1] NegTokenResp`.
pub fn decode(token: &[u8]) -> Result<NegToken> {
    let mut r = Reader::new(token);
    let outer = r.read()?;
    if !r.is_empty() {
        return Err(bad("trailing bytes after the token"));
    }
    match outer.tag {
        der::APPLICATION_0 => {
            let mut f = Reader::new(outer.value);
            let oid = f.expect(der::OID, "the mechanism OID")?;
            if oid.value != SPNEGO_OID {
                return Err(bad("the initial token is not for SPNEGO"));
            }
            let inner = f.read()?;
            if !f.is_empty() {
                return Err(bad("trailing bytes in the initial token"));
            }
            match inner.tag {
                0xa0 => Ok(NegToken::Init(decode_init(inner.value)?)),
                // Some implementations frame a NegTokenResp too.
                0xa1 => Ok(NegToken::Resp(decode_resp(inner.value)?)),
                t => Err(bad(&format!("unknown NegotiationToken choice {t:#04x}"))),
            }
        }
        0xa0 => Ok(NegToken::Init(decode_init(outer.value)?)),
        0xa1 => Ok(NegToken::Resp(decode_resp(outer.value)?)),
        t => Err(bad(&format!("not a SPNEGO token (tag {t:#04x})"))),
    }
}

/// The mechanism OID of an RFC 2743 3.1 framed token (a raw Kerberos
/// AP-REQ sent to Negotiate), if `token` is one.
pub fn framed_mech(token: &[u8]) -> Option<&[u8]> {
    let mut r = Reader::new(token);
    let outer = r.read().ok()?;
    if outer.tag != der::APPLICATION_0 {
        return None;
    }
    let oid = Reader::new(outer.value).read().ok()?;
    (oid.tag == der::OID).then_some(oid.value)
}
