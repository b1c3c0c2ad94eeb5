//! What only Windows has, behind functions every platform can call: a
//! private key protected at rest for the signed-in user (DPAPI's
//! `CryptProtectData`), and whether a drive letter is a mapped network
//! drive (`GetDriveTypeW`). On Linux a key is a file only its owner can read
//! (mode 0600, see `write_replacing`), so protecting it is the identity, and
//! a network share is found from the mount table instead.

use std::io;

/// Whether keys written through [`protect_for_user`] are encrypted at rest
/// (Windows) or kept as they are in an owner-only file (elsewhere).
pub const KEYS_PROTECTED_AT_REST: bool = cfg!(windows);

/// `secret`, protected so that only the signed-in Windows user on this
/// computer can read it back; elsewhere, `secret` unchanged.
pub fn protect_for_user(secret: &[u8]) -> io::Result<Vec<u8>> {
    #[cfg(windows)]
    {
        dpapi::protect(secret)
    }
    #[cfg(not(windows))]
    {
        Ok(secret.to_vec())
    }
}

/// What [`protect_for_user`] protected; elsewhere, `stored` unchanged. A
/// file protected for another user, or on another computer, is refused.
pub fn unprotect_for_user(stored: &[u8]) -> io::Result<Vec<u8>> {
    #[cfg(windows)]
    {
        dpapi::unprotect(stored)
    }
    #[cfg(not(windows))]
    {
        Ok(stored.to_vec())
    }
}

/// Whether the drive `letter` (`'Z'`) is a mapped network drive. Always
/// `false` off Windows, where there are no drive letters.
pub fn is_network_drive(letter: u8) -> bool {
    #[cfg(windows)]
    {
        use windows_sys::Win32::Storage::FileSystem::GetDriveTypeW;
        const DRIVE_REMOTE: u32 = 4;
        if !letter.is_ascii_alphabetic() {
            return false;
        }
        let root: Vec<u16> = format!("{}:\\", char::from(letter))
            .encode_utf16()
            .chain([0])
            .collect();
        // SAFETY: `root` is a NUL-terminated UTF-16 string that outlives the call.
        let kind = unsafe { GetDriveTypeW(root.as_ptr()) };
        kind == DRIVE_REMOTE
    }
    #[cfg(not(windows))]
    {
        let _ = letter;
        false
    }
}

#[cfg(windows)]
mod dpapi {
    use std::io;
    use std::ptr;

    use windows_sys::Win32::Foundation::LocalFree;
    use windows_sys::Win32::Security::Cryptography::{
        CRYPT_INTEGER_BLOB, CRYPTPROTECT_UI_FORBIDDEN, CryptProtectData, CryptUnprotectData,
    };

    /// Names the blob inside DPAPI's envelope; not a secret.
    const DESCRIPTION: &str = "Prevent Self-Assessment signing key";

    fn blob_of(bytes: &[u8]) -> io::Result<CRYPT_INTEGER_BLOB> {
        Ok(CRYPT_INTEGER_BLOB {
            cbData: u32::try_from(bytes.len())
                .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "the key is too large"))?,
            pbData: bytes.as_ptr().cast_mut(),
        })
    }

    /// Copies DPAPI's output out and frees it.
    fn take(output: CRYPT_INTEGER_BLOB) -> Vec<u8> {
        let length = usize::try_from(output.cbData).unwrap_or(0);
        let bytes = if output.pbData.is_null() || length == 0 {
            Vec::new()
        } else {
            // SAFETY: DPAPI returned `cbData` bytes at `pbData`.
            unsafe { std::slice::from_raw_parts(output.pbData, length) }.to_vec()
        };
        if !output.pbData.is_null() {
            // SAFETY: DPAPI allocated `pbData` with LocalAlloc; it is freed once.
            unsafe { LocalFree(output.pbData.cast()) };
        }
        bytes
    }

    pub fn protect(secret: &[u8]) -> io::Result<Vec<u8>> {
        let input = blob_of(secret)?;
        let description: Vec<u16> = DESCRIPTION.encode_utf16().chain([0]).collect();
        let mut output = CRYPT_INTEGER_BLOB {
            cbData: 0,
            pbData: ptr::null_mut(),
        };
        // SAFETY: every pointer is valid for the call; `output` receives a
        // LocalAlloc'd buffer that `take` frees.
        let ok = unsafe {
            CryptProtectData(
                &input,
                description.as_ptr(),
                ptr::null(),
                ptr::null(),
                ptr::null(),
                CRYPTPROTECT_UI_FORBIDDEN,
                &mut output,
            )
        };
        if ok == 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(take(output))
    }

    pub fn unprotect(stored: &[u8]) -> io::Result<Vec<u8>> {
        let input = blob_of(stored)?;
        let mut output = CRYPT_INTEGER_BLOB {
            cbData: 0,
            pbData: ptr::null_mut(),
        };
        // SAFETY: as in `protect`; no description is asked for.
        let ok = unsafe {
            CryptUnprotectData(
                &input,
                ptr::null_mut(),
                ptr::null(),
                ptr::null(),
                ptr::null(),
                CRYPTPROTECT_UI_FORBIDDEN,
                &mut output,
            )
        };
        if ok == 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(take(output))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_protected_for_the_user_reads_back_the_same() {
        let secret = b"-----BEGIN PRIVATE KEY-----\nnot a real key\n-----END PRIVATE KEY-----\n";
        let stored = protect_for_user(secret).expect("protected");
        assert_eq!(stored != secret, KEYS_PROTECTED_AT_REST);
        assert_eq!(unprotect_for_user(&stored).expect("read back"), secret);
    }

    #[test]
    fn there_are_no_network_drive_letters_off_windows_and_junk_is_never_one() {
        assert!(!is_network_drive(b'1'));
        if !cfg!(windows) {
            assert!(!is_network_drive(b'Z'));
        }
    }
}
