//! Whether the database sits on a network share. SQLite's own documentation
//! says WAL does not work over a network file system (its shared memory
//! cannot be shared between computers), and locking there is unreliable: a
//! file on a share is opened with a rollback journal (`journal_mode=DELETE`)
//! and exclusive locking instead, and people are told.
//!
//! Found from the path alone: on Linux, the file system of the mount the
//! path is on (`/proc/self/mountinfo`: SMB/CIFS, NFS, SSHFS and the like);
//! everywhere, a UNC path (`\\server\share\…`); on Windows, a drive letter
//! that `GetDriveTypeW` calls remote (a mapped network drive is not a UNC
//! path, so it must be asked).

use std::path::Path;

/// File system types of network shares, as Linux names them, and how
/// people know them.
#[cfg(any(target_os = "linux", test))]
const NETWORK_FILE_SYSTEMS: &[(&str, &str)] = &[
    ("cifs", "an SMB/CIFS network share"),
    ("smb3", "an SMB network share"),
    ("smbfs", "an SMB network share"),
    ("nfs", "an NFS network share"),
    ("nfs4", "an NFS network share"),
    ("fuse.sshfs", "an SSHFS network folder"),
    ("9p", "a network folder (9P)"),
    ("ceph", "a Ceph network file system"),
    ("glusterfs", "a GlusterFS network file system"),
    ("fuse.glusterfs", "a GlusterFS network file system"),
    ("afs", "an AFS network file system"),
];

const UNC_SHARE: &str = "a Windows network share (UNC path)";

/// What the folder holding `path` is, when it is a network share: "an
/// SMB/CIFS network share". `None` for a local disk or when it cannot be
/// told.
pub fn network_share(path: &Path) -> Option<&'static str> {
    if is_unc(path) {
        return Some(UNC_SHARE);
    }
    #[cfg(target_os = "linux")]
    {
        let folder = path.parent().filter(|p| !p.as_os_str().is_empty())?;
        let folder = folder.canonicalize().ok()?;
        // Bounded: the mount table is the kernel's, but a read of it is capped.
        let mountinfo = read_bounded(Path::new("/proc/self/mountinfo"), 4 * 1024 * 1024)?;
        from_mountinfo(&mountinfo, &folder)
    }
    #[cfg(windows)]
    {
        mapped_network_drive(path)
    }
    #[cfg(not(any(target_os = "linux", windows)))]
    {
        None
    }
}

/// A path on a drive letter that Windows says is remote: "a mapped network
/// drive". Relative paths are taken from the current folder.
#[cfg(windows)]
fn mapped_network_drive(path: &Path) -> Option<&'static str> {
    use std::path::{Component, Prefix};
    let absolute = std::path::absolute(path).ok()?;
    let Some(Component::Prefix(prefix)) = absolute.components().next() else {
        return None;
    };
    match prefix.kind() {
        Prefix::UNC(..) | Prefix::VerbatimUNC(..) => Some(UNC_SHARE),
        Prefix::Disk(letter) | Prefix::VerbatimDisk(letter) => {
            prevent_files::platform::is_network_drive(letter).then_some("a mapped network drive")
        }
        _ => None,
    }
}

#[cfg(target_os = "linux")]
fn read_bounded(path: &Path, limit: u64) -> Option<String> {
    use std::io::Read;
    let mut text = String::new();
    std::fs::File::open(path)
        .ok()?
        .take(limit)
        .read_to_string(&mut text)
        .ok()?;
    Some(text)
}

/// `\\server\share\…`, `//server/share/…` or `\\?\UNC\server\share\…`.
fn is_unc(path: &Path) -> bool {
    let text = path.to_string_lossy();
    let verbatim = text.starts_with("\\\\?\\") || text.starts_with("\\\\.\\");
    let verbatim_unc = text
        .get(..8)
        .is_some_and(|head| head.eq_ignore_ascii_case("\\\\?\\UNC\\"));
    verbatim_unc || ((text.starts_with("\\\\") || text.starts_with("//")) && !verbatim)
}

/// The network file system `folder` is on, from a `/proc/self/mountinfo`
/// table: the mount with the longest mount point that holds it.
#[cfg(any(target_os = "linux", test))]
fn from_mountinfo(mountinfo: &str, folder: &Path) -> Option<&'static str> {
    let mut best: Option<(usize, &str)> = None;
    for line in mountinfo.lines() {
        let Some((left, right)) = line.split_once(" - ") else {
            continue;
        };
        let Some(mount_point) = left.split(' ').nth(4) else {
            continue;
        };
        let Some(fs_type) = right.split(' ').next() else {
            continue;
        };
        let mount_point = unescape(mount_point);
        if folder.starts_with(&mount_point)
            && best.is_none_or(|(length, _)| mount_point.len() >= length)
        {
            best = Some((mount_point.len(), fs_type));
        }
    }
    let (_, fs_type) = best?;
    NETWORK_FILE_SYSTEMS
        .iter()
        .find(|(name, _)| *name == fs_type)
        .map(|(_, words)| *words)
}

/// mountinfo escapes space, tab, newline and backslash as octal (`\040`).
#[cfg(any(target_os = "linux", test))]
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let code = rest.get(at + 1..at + 4);
        match code.and_then(|c| u8::from_str_radix(c, 8).ok()) {
            Some(byte) => {
                out.push(char::from(byte));
                rest = &rest[at + 4..];
            }
            None => {
                out.push('\\');
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOUNTINFO: &str = "\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
40 22 0:35 / /home rw,relatime shared:2 - ext4 /dev/sda2 rw
51 40 0:44 / /home/alex/Trust\\040Share rw,relatime shared:30 - cifs //fs01/prevent rw,vers=3.1.1
52 22 0:45 / /mnt/nfs rw,relatime shared:31 - nfs4 fs02:/exports rw
53 52 0:46 / /mnt/nfs/local rw,relatime shared:32 - ext4 /dev/sdb1 rw
";

    #[test]
    fn the_mount_holding_the_folder_decides() {
        let on = |folder: &str| from_mountinfo(MOUNTINFO, Path::new(folder));
        assert_eq!(on("/home/alex/Documents"), None);
        assert_eq!(
            on("/home/alex/Trust Share/prevent"),
            Some("an SMB/CIFS network share")
        );
        assert_eq!(on("/mnt/nfs/data"), Some("an NFS network share"));
        // A local disk mounted inside the share's tree is local.
        assert_eq!(on("/mnt/nfs/local/data"), None);
        // A name that merely starts like the mount point is not inside it.
        assert_eq!(on("/home/alex/Trust Shared"), None);
    }

    #[test]
    fn unc_paths_are_network_shares_and_verbatim_local_paths_are_not() {
        assert!(is_unc(Path::new("\\\\fs01\\prevent\\data.sqlite3")));
        assert!(is_unc(Path::new("//fs01/prevent/data.sqlite3")));
        assert!(!is_unc(Path::new("\\\\?\\C:\\data.sqlite3")));
        assert!(is_unc(Path::new("\\\\?\\UNC\\fs01\\prevent\\data.sqlite3")));
        assert!(!is_unc(Path::new("\\\\.\\pipe\\x")));
        assert!(!is_unc(Path::new("/home/alex/data.sqlite3")));
    }

    #[test]
    fn a_local_temporary_folder_is_not_a_share() {
        let dir = std::env::temp_dir().join("prevent-network-check.sqlite3");
        assert_eq!(network_share(&dir), None);
    }
}
