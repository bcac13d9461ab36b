//! The data folder: created private, locked by the one Murphy using it, and reachable by
//! the account the cluster runs as.

use std::fs::{self, File, OpenOptions};
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use nix::unistd::{Uid, User, chown};

use super::{LocalPgError, Result};

/// The account the cluster's processes run as, when it is not Murphy's own.
#[derive(Debug, Clone)]
pub(super) struct RunAs {
    pub(super) uid: Uid,
    pub(super) gid: nix::unistd::Gid,
}

pub(super) fn run_as() -> Result<Option<RunAs>> {
    if !Uid::effective().is_root() {
        return Ok(None);
    }
    match User::from_name("postgres") {
        Ok(Some(user)) => Ok(Some(RunAs {
            uid: user.uid,
            gid: user.gid,
        })),
        _ => Err(LocalPgError::NoPostgresUser),
    }
}

pub(super) fn folder_error(path: &Path) -> impl FnOnce(std::io::Error) -> LocalPgError + '_ {
    move |source| LocalPgError::Folder {
        path: path.to_owned(),
        source,
    }
}

pub(super) fn prepare_folder(dir: &Path) -> Result<PathBuf> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o755)
        .create(dir)
        .map_err(folder_error(dir))?;
    dir.canonicalize().map_err(folder_error(dir))
}

pub(super) fn lock_folder(dir: &Path) -> Result<File> {
    let path = dir.join("murphy.lock");
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(folder_error(&path))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(fs::TryLockError::WouldBlock) => Err(LocalPgError::InUse(dir.to_owned())),
        Err(fs::TryLockError::Error(e)) => Err(folder_error(&path)(e)),
    }
}

pub(super) fn make_private_dir(path: &Path, run_as: Option<&RunAs>) -> Result<()> {
    if !path.exists() {
        fs::DirBuilder::new()
            .mode(0o700)
            .create(path)
            .map_err(folder_error(path))?;
    }
    if let Some(user) = run_as {
        chown(path, Some(user.uid), Some(user.gid)).map_err(|e| LocalPgError::Folder {
            path: path.to_owned(),
            source: e.into(),
        })?;
    }
    fs::set_permissions(path, fs::Permissions::from_mode(0o700)).map_err(folder_error(path))
}

/// The `postgres` user must be able to walk every folder down to the cluster.
pub(super) fn check_reachable(dir: &Path, user: &RunAs) -> Result<()> {
    let probe = Command::new("test")
        .arg("-w")
        .arg(dir.join("pg"))
        .current_dir("/")
        .uid(user.uid.as_raw())
        .gid(user.gid.as_raw())
        .status();
    match probe {
        Ok(status) if status.success() => Ok(()),
        _ => Err(LocalPgError::Unreachable(dir.to_owned())),
    }
}
