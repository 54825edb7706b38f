//! RFC 3961 section 5.1: n-fold, which stretches or shrinks a constant to
//! the cipher's block size by rotating copies of it 13 bits at a time and
//! adding them with one's-complement addition.

/// n-fold `input` to `out_len` bytes (RFC 3961 section 5.1).
pub fn nfold(input: &[u8], out_len: usize) -> Vec<u8> {
    let in_len = input.len();
    let mut out = vec![0u8; out_len];
    if in_len == 0 || out_len == 0 {
        return out;
    }
    let lcm = lcm(in_len, out_len);
    let in_bits = in_len * 8;
    let mut carry: u32 = 0;
    // Walk the lcm(in, out) bytes of the rotated concatenation from the
    // least significant end, adding each byte into the output with carry.
    for i in (0..lcm).rev() {
        // Which bit of the input is the most significant bit of byte i.
        let msbit = ((in_bits - 1) + (in_bits + 13) * (i / in_len) + ((in_len - i % in_len) << 3))
            % in_bits;
        let hi = input[((in_len - 1) - (msbit >> 3)) % in_len] as u32;
        let lo = input[(in_len - (msbit >> 3)) % in_len] as u32;
        carry += (((hi << 8) | lo) >> ((msbit & 7) + 1)) & 0xff;
        carry += out[i % out_len] as u32;
        out[i % out_len] = (carry & 0xff) as u8;
        carry >>= 8;
    }
    // One's-complement addition: the final carry wraps around.
    if carry != 0 {
        for byte in out.iter_mut().rev() {
            carry += *byte as u32;
            *byte = (carry & 0xff) as u8;
            carry >>= 8;
        }
    }
    out
}

fn lcm(a: usize, b: usize) -> usize {
    let (mut x, mut y) = (a, b);
    while y != 0 {
        (x, y) = (y, x % y);
    }
    a / x * b
}

#[cfg(test)]
mod tests {
    use super::nfold;
    use crate::crypto::test_util::unhex;

    /// RFC 3961 appendix A.1.
    #[test]
    fn rfc3961_a1_vectors() {
        let cases: &[(usize, &[u8], &str)] = &[
            (64, b"012345", "be072631276b1955"),
            (56, b"password", "78a07b6caf85fa"),
            (64, b"Rough Consensus, and Running Code", "bb6ed30870b7f0e0"),
            (
                168,
                b"password",
                "59e4a8ca7c0385c3c37b3f6d2000247cb6e6bd5b3e",
            ),
            (
                192,
                b"MASSACHVSETTS INSTITVTE OF TECHNOLOGY",
                "db3b0d8f0b061e603282b308a50841229ad798fab9540c1b",
            ),
            (168, b"Q", "518a54a215a8452a518a54a215a8452a518a54a215"),
            (168, b"ba", "fb25d531ae8974499f52fd92ea9857c4ba24cf297e"),
            (64, b"kerberos", "6b65726265726f73"),
            (128, b"kerberos", "6b65726265726f737b9b5b2b93132b93"),
            (
                168,
                b"kerberos",
                "8372c236344e5f1550cd0747e15d62ca7a5a3bcea4",
            ),
            (
                256,
                b"kerberos",
                "6b65726265726f737b9b5b2b93132b935c9bdcdad95c9899c4cae4dee6d6cae4",
            ),
        ];
        for (bits, input, expected) in cases {
            assert_eq!(
                nfold(input, bits / 8),
                unhex(expected),
                "{bits}-fold({})",
                String::from_utf8_lossy(input)
            );
        }
    }
}
