//! The SPNEGO state machine (RFC 4178 5, [MS-SPNG] 3.1.5 / 3.2.5) over a
//! sub-context of the negotiated package, found through the registry.
//!
//! The mechListMIC follows MIT's spnego_mech.c, which interoperates with
//! Windows: it is exchanged once the mechanism has completed and granted
//! integrity, and only when required: the acceptor did not pick the
//! initiator's first mechanism (REQUEST_MIC), a MIC arrived from the peer,
//! or the mechanism demands it (`requires_mech_list_mic`: NTLM with a MIC
//! in AUTHENTICATE). It is the sub-context's `sign` over the MechTypeList
//! DER exactly as sent; right after signing or verifying it the
//! sub-context's `mech_list_mic_done` runs (NTLM re-keys that direction's
//! RC4, keeping sequence numbers: [MS-SPNG] 3.3.5.1, gss-ntlmssp).
use std::sync::Arc;
use std::time::SystemTime;

use zeroize::Zeroizing;

use super::credentials::{self, same_mech, Mech, NTLM_OID};
use super::tokens::{self, NegState, NegToken, NegTokenInit, NegTokenResp, HINT_NAME};
use crate::core::context::{KeyInfo, SecurityContext, Sizes, StepInput, StepOutput, TokenBuf};
use crate::core::credential::{Credential, PackageCredential};
use crate::core::flags::Flags;
use crate::core::iov::{IoBuf, IoKind};
use crate::core::{Error, Result};
use crate::packages::PackageInfo;

/// What Negotiate reports before a mechanism is chosen.
const SIZES: Sizes = Sizes {
    max_token: 48256,
    max_signature: 0,
    block_size: 0,
    security_trailer: 0,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Start,
    Negotiating,
    Complete,
    Failed,
}

fn bad(what: impl Into<String>) -> Error {
    Error::InvalidToken(format!("SPNEGO: {}", what.into()))
}

pub struct NegotiateContext {
    cred: Arc<Credential>,
    initiator: bool,
    target: Option<String>,
    req: Flags,
    state: State,
    /// Initiator: the mechanisms offered (after dropping those that failed
    /// to start).
    offered: Vec<Mech>,
    /// The MechTypeList DER as sent (initiator) or received (acceptor).
    mech_types_der: Vec<u8>,
    /// The optimistic or negotiated mechanism, as named on the wire.
    mech_oid: Vec<u8>,
    sub: Option<Box<dyn SecurityContext>>,
    sub_complete: bool,
    /// The acceptor's choice is known (supportedMech seen or sent).
    nego_done: bool,
    /// A raw NTLMSSP or Kerberos token came in: no SPNEGO framing at all.
    raw: bool,
    /// Acceptor: the NegTokenInit2 hint went out already.
    hinted: bool,
    /// Acceptor: the reply to NegTokenInit is still to be sent.
    first_reply: bool,
    reselected: bool,
    mic_required: bool,
    mic_sent: bool,
    mic_received: bool,
}

impl NegotiateContext {
    pub fn new(cred: Arc<Credential>, initiator: bool, target: Option<&str>, req: Flags) -> Self {
        NegotiateContext {
            cred,
            initiator,
            target: target.map(str::to_string),
            req,
            state: State::Start,
            offered: Vec::new(),
            mech_types_der: Vec::new(),
            mech_oid: Vec::new(),
            sub: None,
            sub_complete: false,
            nego_done: false,
            raw: false,
            hinted: false,
            first_reply: false,
            reselected: false,
            mic_required: false,
            mic_sent: false,
            mic_received: false,
        }
    }

    fn mechs(&self) -> Result<Vec<Mech>> {
        let n = credentials::of(&self.cred)
            .ok_or_else(|| Error::UnknownCredentials("not a Negotiate credential".into()))?;
        let m = n.mechs();
        if m.is_empty() {
            return Err(Error::NoCredentials(
                "gss_set_neg_mechs left no mechanism to negotiate".into(),
            ));
        }
        Ok(m)
    }

    /// Sub-contexts always ask for integrity, as MIT's SPNEGO does, so the
    /// mechListMIC can be made.
    fn sub_flags(&self) -> Flags {
        self.req | Flags::INTEGRITY
    }

    fn sub(&mut self) -> Result<&mut Box<dyn SecurityContext>> {
        self.sub.as_mut().ok_or(Error::IncompleteContext)
    }

    /// A new initiator sub-context for `m` and its first token.
    fn start_initiator(
        &self,
        m: &Mech,
        input: &StepInput<'_>,
    ) -> Result<(Box<dyn SecurityContext>, StepOutput)> {
        let mut sub = m.package.initiator(
            Arc::clone(&m.cred),
            self.target.as_deref(),
            self.sub_flags(),
        )?;
        let out = sub.step(&StepInput {
            token: &[],
            bindings: input.bindings,
        })?;
        Ok((sub, out))
    }

    fn step_sub(&mut self, token: &[u8], input: &StepInput<'_>) -> Result<Vec<u8>> {
        let out = self.sub()?.step(&StepInput {
            token,
            bindings: input.bindings,
        })?;
        self.sub_complete = out.complete;
        Ok(out.token)
    }

    // ---- initiator -------------------------------------------------

    /// NegTokenInit with the optimistic token of the first mechanism that
    /// starts; mechanisms whose initiator cannot start (no Kerberos ticket,
    /// unknown target, no NTLM user) are dropped from the list, as Windows
    /// and MIT do.
    fn init_first(&mut self, input: &StepInput<'_>) -> Result<StepOutput> {
        if !input.token.is_empty() {
            return Err(bad("the initiator's first step takes no token"));
        }
        let mut mechs = self.mechs()?;
        let mut first_err = None;
        let (sub, out) = loop {
            let Some(m) = mechs.first().cloned() else {
                return Err(first_err
                    .unwrap_or_else(|| Error::NoCredentials("no mechanism to negotiate".into())));
            };
            match self.start_initiator(&m, input) {
                Ok(r) => break r,
                Err(e) => {
                    crate::trace!("Negotiate: {} cannot start: {e}", m.package.info().name);
                    first_err.get_or_insert(e);
                    mechs.retain(|x| !std::ptr::eq(x.package.info(), m.package.info()));
                }
            }
        };
        let oids: Vec<&[u8]> = mechs.iter().map(|m| m.oid).collect();
        self.mech_types_der = tokens::mech_types_der(&oids);
        self.mech_oid = mechs[0].oid.to_vec();
        self.offered = mechs;
        self.sub = Some(sub);
        self.sub_complete = out.complete;
        self.state = State::Negotiating;
        let tok = NegTokenInit {
            mech_types_der: self.mech_types_der.clone(),
            mech_token: (!out.token.is_empty()).then_some(out.token),
            ..Default::default()
        };
        Ok(StepOutput {
            token: tok.encode(),
            complete: false,
        })
    }

    fn init_cont(&mut self, input: &StepInput<'_>) -> Result<StepOutput> {
        let resp = match tokens::decode(input.token)? {
            NegToken::Resp(r) => r,
            NegToken::Init(_) => return Err(bad("expected a NegTokenResp, got a NegTokenInit")),
        };
        let acc = resp.neg_state;
        if acc == Some(NegState::Reject) && resp.response_token.is_none() {
            return Err(if self.nego_done {
                Error::LogonDenied("the acceptor rejected the authentication".into())
            } else {
                bad("the acceptor supports none of the offered mechanisms")
            });
        }
        let mut mech_in = resp.response_token;
        let mut mech_out = Vec::new();
        if !self.nego_done {
            self.nego_done = true;
            let supported = resp.supported_mech.unwrap_or_else(|| self.mech_oid.clone());
            if !same_mech(&supported, &self.mech_oid) {
                // Counter-proposal: restart with the acceptor's choice.
                let m = self
                    .offered
                    .iter()
                    .find(|m| m.oid == supported.as_slice())
                    .cloned()
                    .ok_or_else(|| bad("the acceptor chose a mechanism that was not offered"))?;
                match acc {
                    Some(NegState::RequestMic) => self.mic_required = true,
                    // Windows Server 2003 style, tolerated for NTLM (MIT).
                    Some(NegState::AcceptIncomplete) if m.oid == NTLM_OID => {}
                    _ => return Err(bad("a counter-proposal must request the mechListMIC")),
                }
                self.sub = None;
                let (sub, out) = self.start_initiator(&m, input)?;
                self.sub = Some(sub);
                self.sub_complete = out.complete;
                self.mech_oid = supported;
                self.reselected = true;
                mech_out = out.token;
                mech_in = None;
            } else {
                match &mech_in {
                    None if !self.sub_complete => {
                        return Err(bad("the acceptor sent no mechanism token"));
                    }
                    // Old IIS: an empty token for none.
                    Some(t) if t.is_empty() && self.sub_complete => mech_in = None,
                    Some(_) if self.sub_complete => {
                        return Err(bad("a mechanism token after the mechanism completed"));
                    }
                    _ => {}
                }
            }
        } else if resp.supported_mech.is_some() {
            return Err(bad("supportedMech after the first reply"));
        } else if (!self.sub_complete && mech_in.is_none())
            || (self.sub_complete && mech_in.as_ref().is_some_and(|t| !t.is_empty()))
        {
            return Err(bad("missing or spurious mechanism token from the acceptor"));
        }
        if let Some(t) = mech_in.filter(|_| !self.sub_complete) {
            mech_out = self.step_sub(&t, input)?;
        }
        if acc == Some(NegState::Reject) {
            return Err(Error::LogonDenied(
                "the acceptor rejected the authentication".into(),
            ));
        }
        let (mic_out, done) = self.mic_exchange(resp.mech_list_mic, mech_out.is_empty())?;
        let nothing_to_send = mech_out.is_empty() && mic_out.is_none();
        let complete = done
            || (!self.mic_required
                && self.sub_complete
                && (acc == Some(NegState::AcceptCompleted) || nothing_to_send));
        if complete {
            self.state = State::Complete;
        }
        let token = if nothing_to_send {
            Vec::new()
        } else {
            NegTokenResp {
                neg_state: Some(if complete {
                    NegState::AcceptCompleted
                } else {
                    NegState::AcceptIncomplete
                }),
                supported_mech: None,
                response_token: (!mech_out.is_empty()).then_some(mech_out),
                mech_list_mic: mic_out,
            }
            .encode()
        };
        if !complete && token.is_empty() {
            return Err(bad(
                "the negotiation stalled: nothing to send and not complete",
            ));
        }
        Ok(StepOutput { token, complete })
    }

    // ---- acceptor --------------------------------------------------

    fn accept_first(&mut self, input: &StepInput<'_>) -> Result<StepOutput> {
        let t = input.token;
        let ours = self.mechs()?;
        if t.is_empty() {
            // [MS-SPNG] 3.2.5.2: answer an empty first token with
            // NegTokenInit2 listing what we accept.
            if self.hinted {
                return Err(bad("a second empty token"));
            }
            self.hinted = true;
            let oids: Vec<&[u8]> = ours.iter().map(|m| m.oid).collect();
            let tok = NegTokenInit {
                mech_types_der: tokens::mech_types_der(&oids),
                hint_name: Some(HINT_NAME.into()),
                ..Default::default()
            };
            return Ok(StepOutput {
                token: tok.encode_init2(),
                complete: false,
            });
        }
        // A bare mechanism token sent to Negotiate goes straight to its
        // package, as Windows does.
        let raw_oid = if t.starts_with(b"NTLMSSP\0") {
            Some(NTLM_OID)
        } else {
            tokens::framed_mech(t).filter(|o| *o != tokens::SPNEGO_OID)
        };
        if let Some(oid) = raw_oid {
            let m = ours
                .iter()
                .find(|m| same_mech(m.oid, oid))
                .cloned()
                .ok_or_else(|| bad("a raw token for a mechanism without credentials here"))?;
            self.raw = true;
            self.nego_done = true;
            self.mech_oid = m.oid.to_vec();
            self.sub = Some(m.package.acceptor(Arc::clone(&m.cred), self.req)?);
            self.state = State::Negotiating;
            return self.raw_step(input);
        }
        let init = match tokens::decode(t)? {
            NegToken::Init(i) => i,
            NegToken::Resp(_) => return Err(bad("expected a NegTokenInit, got a NegTokenResp")),
        };
        let pick = init.mech_types.iter().enumerate().find_map(|(i, oid)| {
            ours.iter()
                .find(|m| same_mech(m.oid, oid))
                .map(|m| (i, m.clone(), oid.clone()))
        });
        let Some((i, m, oid)) = pick else {
            return Err(bad(format!(
                "none of the initiator's {} mechanisms is available here",
                init.mech_types.len()
            )));
        };
        self.mech_types_der = init.mech_types_der;
        self.mech_oid = oid;
        self.nego_done = true;
        self.first_reply = true;
        self.reselected = i != 0;
        self.mic_required = i != 0;
        self.sub = Some(m.package.acceptor(Arc::clone(&m.cred), self.req)?);
        self.state = State::Negotiating;
        let mut mech_out = Vec::new();
        let mut had_token = false;
        if let (0, Some(tok)) = (i, init.mech_token.as_ref()) {
            mech_out = self.step_sub(tok, input)?;
            had_token = true;
        }
        let mic_in = init.mech_list_mic.filter(|_| had_token);
        self.accept_reply(mic_in, mech_out)
    }

    fn accept_cont(&mut self, input: &StepInput<'_>) -> Result<StepOutput> {
        let resp = match tokens::decode(input.token)? {
            NegToken::Resp(r) => r,
            NegToken::Init(_) => return Err(bad("a second NegTokenInit")),
        };
        if resp.supported_mech.is_some() {
            return Err(bad("the initiator sent supportedMech"));
        }
        if resp.neg_state == Some(NegState::Reject) {
            return Err(Error::LogonDenied(
                "the initiator abandoned the negotiation".into(),
            ));
        }
        if resp.response_token.is_none() && resp.mech_list_mic.is_none() {
            return Err(bad("a NegTokenResp with neither a token nor a MIC"));
        }
        let mut mech_out = Vec::new();
        match resp.response_token {
            Some(t) if !self.sub_complete => mech_out = self.step_sub(&t, input)?,
            Some(t) if !t.is_empty() => {
                return Err(bad("a mechanism token after the mechanism completed"))
            }
            None if !self.sub_complete => return Err(bad("the initiator sent no mechanism token")),
            _ => {}
        }
        self.accept_reply(resp.mech_list_mic, mech_out)
    }

    fn accept_reply(&mut self, mic_in: Option<Vec<u8>>, mech_out: Vec<u8>) -> Result<StepOutput> {
        let (mic_out, done) = self.mic_exchange(mic_in, mech_out.is_empty())?;
        let complete = done || (self.sub_complete && !self.mic_required);
        let neg_state = if complete {
            NegState::AcceptCompleted
        } else if self.first_reply && self.reselected {
            NegState::RequestMic
        } else {
            NegState::AcceptIncomplete
        };
        let supported_mech = self.first_reply.then(|| self.mech_oid.clone());
        self.first_reply = false;
        if complete {
            self.state = State::Complete;
        }
        let token = NegTokenResp {
            neg_state: Some(neg_state),
            supported_mech,
            response_token: (!mech_out.is_empty()).then_some(mech_out),
            mech_list_mic: mic_out,
        }
        .encode();
        Ok(StepOutput { token, complete })
    }

    fn raw_step(&mut self, input: &StepInput<'_>) -> Result<StepOutput> {
        let out = self.sub()?.step(input)?;
        self.sub_complete = out.complete;
        if out.complete {
            self.state = State::Complete;
        }
        Ok(out)
    }

    // ---- mechListMIC -----------------------------------------------

    /// Verifies the peer's mechListMIC and makes ours when due (MIT's
    /// handle_mic/process_mic). Returns our MIC and whether both MICs
    /// have now been exchanged. `no_mech_token`: we send no mechanism
    /// token this round, so a peer that needed to send its MIC had to.
    fn mic_exchange(
        &mut self,
        mic_in: Option<Vec<u8>>,
        no_mech_token: bool,
    ) -> Result<(Option<Vec<u8>>, bool)> {
        if !self.sub_complete {
            if mic_in.is_some() {
                return Err(bad("a mechListMIC before the mechanism completed"));
            }
            return Ok((None, false));
        }
        let sub = self.sub.as_mut().ok_or(Error::IncompleteContext)?;
        if sub.requires_mech_list_mic() {
            self.mic_required = true;
        }
        if !sub.flags().contains(Flags::INTEGRITY) {
            // No integrity, no MIC (RFC 4178 5 d).
            self.mic_required = false;
            return Ok((None, false));
        }
        if let Some(mic) = mic_in {
            if self.mic_received {
                return Err(bad("a second mechListMIC"));
            }
            let mut data = self.mech_types_der.clone();
            let mut sig = mic;
            let mut iov = [
                IoBuf::new(IoKind::Data, &mut data),
                IoBuf::new(IoKind::Header, &mut sig),
            ];
            sub.verify(&mut iov, 0).map_err(|e| match e {
                Error::InvalidToken(_) | Error::MessageAltered | Error::OutOfSequence => {
                    Error::MessageAltered
                }
                e => e,
            })?;
            sub.mech_list_mic_done(false);
            self.mic_received = true;
            self.mic_required = true;
        } else if self.mic_required && no_mech_token {
            // The peer sent the final mechanism token (or none is due):
            // its MIC had to come with it.
            return Err(bad(
                "the peer finished without the mechListMIC the negotiation requires",
            ));
        }
        let mut out = None;
        if self.mic_required && !self.mic_sent {
            let mut data = self.mech_types_der.clone();
            let mut sig = vec![0u8; (sub.sizes().max_signature as usize).max(16)];
            let n = {
                let mut iov = [
                    IoBuf::new(IoKind::Data, &mut data),
                    IoBuf::new(IoKind::Header, &mut sig),
                ];
                sub.sign(&mut iov, 0)?;
                iov[1].len.min(iov[1].buf.len())
            };
            sig.truncate(n);
            sub.mech_list_mic_done(true);
            self.mic_sent = true;
            out = Some(sig);
        }
        Ok((out, self.mic_sent && self.mic_received))
    }

    fn step_inner(&mut self, input: &StepInput<'_>) -> Result<StepOutput> {
        match (self.state, self.initiator) {
            (State::Failed, _) => Err(bad("the context failed earlier and cannot continue")),
            (State::Complete, _) => Err(bad("the context is already complete")),
            (_, _) if self.raw => self.raw_step(input),
            (State::Start, true) => self.init_first(input),
            (State::Negotiating, true) => self.init_cont(input),
            (State::Start, false) => self.accept_first(input),
            (State::Negotiating, false) => self.accept_cont(input),
        }
    }

    fn established(&mut self) -> Result<&mut Box<dyn SecurityContext>> {
        if self.state != State::Complete {
            return Err(Error::IncompleteContext);
        }
        self.sub()
    }
}

impl SecurityContext for NegotiateContext {
    fn package(&self) -> &'static PackageInfo {
        match &self.sub {
            Some(s) if self.nego_done => s.package(),
            _ => &super::INFO,
        }
    }

    fn step(&mut self, input: &StepInput<'_>) -> Result<StepOutput> {
        let r = self.step_inner(input);
        match &r {
            Err(e) => {
                crate::trace!("Negotiate step failed: {e}");
                self.state = State::Failed;
            }
            Ok(o) => crate::trace!(
                "Negotiate {} step: mechanism {}{}, {} bytes out, mechListMIC sent {} received {}{}",
                if self.initiator { "initiator" } else { "acceptor" },
                self.sub.as_ref().map_or("none", |s| s.package().name),
                if self.raw { " (raw token, no SPNEGO)" } else { "" },
                o.token.len(),
                self.mic_sent,
                self.mic_received,
                if o.complete { ", complete" } else { "" }
            ),
        }
        r
    }

    fn is_complete(&self) -> bool {
        self.state == State::Complete
    }

    fn is_initiator(&self) -> bool {
        self.initiator
    }

    fn flags(&self) -> Flags {
        match &self.sub {
            Some(s) if self.state == State::Complete => s.flags(),
            _ => Flags::NONE,
        }
    }

    fn sizes(&self) -> Sizes {
        match &self.sub {
            Some(s) if self.nego_done => s.sizes(),
            _ => SIZES,
        }
    }

    fn client_name(&self) -> Option<String> {
        self.sub.as_ref().and_then(|s| s.client_name())
    }

    fn server_name(&self) -> Option<String> {
        self.sub
            .as_ref()
            .and_then(|s| s.server_name())
            .or_else(|| self.target.clone())
    }

    fn expiry(&self) -> Option<SystemTime> {
        self.sub.as_ref().and_then(|s| s.expiry())
    }

    fn session_key(&self) -> Result<Zeroizing<Vec<u8>>> {
        match &self.sub {
            Some(s) if self.state == State::Complete => s.session_key(),
            _ => Err(Error::IncompleteContext),
        }
    }

    fn key_info(&self) -> Result<KeyInfo> {
        match &self.sub {
            Some(s) if self.nego_done => s.key_info(),
            _ => Err(Error::IncompleteContext),
        }
    }

    fn sign(&mut self, iov: &mut [IoBuf<'_>], seq: u32) -> Result<()> {
        self.established()?.sign(iov, seq)
    }

    fn verify(&mut self, iov: &mut [IoBuf<'_>], seq: u32) -> Result<()> {
        self.established()?.verify(iov, seq)
    }

    fn wrap(&mut self, iov: &mut [IoBuf<'_>], conf: bool, seq: u32) -> Result<bool> {
        self.established()?.wrap(iov, conf, seq)
    }

    fn unwrap(&mut self, iov: &mut [IoBuf<'_>], seq: u32) -> Result<bool> {
        self.established()?.unwrap(iov, seq)
    }

    fn wrap_token_into(&mut self, msg: &[u8], conf: bool, out: &mut dyn TokenBuf) -> Result<bool> {
        self.established()?.wrap_token_into(msg, conf, out)
    }

    fn unwrap_token_into(&mut self, token: &[u8], out: &mut dyn TokenBuf) -> Result<bool> {
        self.established()?.unwrap_token_into(token, out)
    }

    fn take_delegated(&mut self) -> Option<Box<dyn PackageCredential>> {
        self.sub.as_mut().and_then(|s| s.take_delegated())
    }
}
