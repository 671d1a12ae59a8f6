//! The `.tar.gz` of a packaged folder.

use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use flate2::Compression;
use flate2::write::GzEncoder;
use tar::{Builder, HeaderMode};

/// Writes `archive`: every file and folder under `folder`, under a top
/// folder of the same name, in a stable order with normalised owners, times
/// and modes (so packaging twice gives the same entries). Written beside the
/// target and renamed into place, so a failure leaves no half archive.
pub fn write_tar_gz(folder: &Path, archive: &Path) -> anyhow::Result<()> {
    let top = folder
        .file_name()
        .with_context(|| format!("{} has no folder name", folder.display()))?;
    let partial = PathBuf::from(format!("{}.partial", archive.display()));
    let result = (|| {
        let file = File::create(&partial)
            .with_context(|| format!("cannot create {}", partial.display()))?;
        let mut builder =
            Builder::new(GzEncoder::new(BufWriter::new(file), Compression::default()));
        builder.mode(HeaderMode::Deterministic);
        builder.follow_symlinks(false);
        builder.append_dir(top, folder)?;
        for relative in super::files_under(folder)? {
            let path = folder.join(&relative);
            let name = Path::new(top).join(&relative);
            if path.is_dir() {
                builder.append_dir(&name, &path)?;
            } else {
                builder.append_path_with_name(&path, &name)?;
            }
        }
        let mut writer = builder.into_inner()?.finish()?;
        writer.flush()?;
        writer
            .into_inner()
            .map_err(|error| error.into_error())?
            .sync_all()?;
        anyhow::Ok(())
    })();
    match result {
        Ok(()) => std::fs::rename(&partial, archive)
            .with_context(|| format!("cannot write {}", archive.display())),
        Err(error) => {
            let _ = std::fs::remove_file(&partial);
            Err(error.context(format!("cannot write {}", archive.display())))
        }
    }
}
