//! Installing a Python or Node project's dependencies and building it, the
//! way a crate is built (see `sandboxed_cargo`):
//!
//! 1. **Fetch**, with network but without running any code: Python wheels
//!    only (`pip download --only-binary=:all:`: no `setup.py` runs), npm
//!    packages unpacked with `--ignore-scripts`.
//! 2. **Install and build**, sandboxed and offline: a virtual environment
//!    from those wheels; the install scripts of the npm packages that have
//!    one (native modules such as better-sqlite3 compile here), then the
//!    project's own `npm run build` (TypeScript) when it has one.
//!
//! Both run on the private copy of the submission, never on its folder.
//! Downloads are cached in the kit's cache folder (pip's and npm's caches,
//! content-addressed). A Node project's `node_modules` as installed in step
//! 2, before the project's own scripts ran, is cached by the hash of its
//! lock file: a cohort on the starter's lock compiles its native modules
//! once per machine.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::build_options::BuildOptions;
use crate::cargo_build::BuildError;
use crate::content_hash::hex;
use crate::output_tail::OutputTail;
use crate::process_group::{Exit, GroupLeader, STOP_GRACE};
use crate::sandbox::{Jail, Network, Sandbox};
use crate::target::Toolchain;

const LOG_CAP: usize = 64 * 1024;

/// The kit's files inside a project's private copy.
const KIT_DIR: &str = ".interview-kit";
/// Written into `node_modules` when it came from the kit's cache.
const FROM_CACHE: &str = ".interview-kit-cached";
/// Written into a cached virtual environment's folder once it is whole.
const COMPLETE: &str = ".complete";

/// A project installed and built: where its programs are, for `PATH`.
#[derive(Debug, Clone)]
pub struct BuiltProject {
    /// `.venv/bin` or `node_modules/.bin`, put first on the service's `PATH`.
    pub bin_dir: PathBuf,
    pub log: String,
    pub duration: Duration,
}

/// Step 1: the project's dependencies, downloaded into its copy `dir`.
pub async fn fetch_project(
    dir: &Path,
    toolchain: Toolchain,
    options: &BuildOptions,
    sandbox: &Sandbox,
) -> Result<(), BuildError> {
    let log = OutputTail::new(LOG_CAP);
    let steps = Steps::new(dir, options, sandbox, &log)?;
    let result = match toolchain {
        Toolchain::Python => steps.fetch_python().await,
        Toolchain::Node => steps.fetch_node().await,
    };
    result.map_err(|message| BuildError {
        message: format!("the dependencies could not be fetched: {message}"),
        log: log.text(),
    })
}

/// Step 2 (and step 1 first, unless `options.fetched`): installed and built.
pub async fn build_project(
    dir: &Path,
    toolchain: Toolchain,
    options: &BuildOptions,
    sandbox: &Sandbox,
) -> Result<BuiltProject, BuildError> {
    let started = Instant::now();
    if !options.fetched {
        fetch_project(dir, toolchain, options, sandbox).await?;
    }
    let log = OutputTail::new(LOG_CAP);
    let steps = Steps::new(dir, options, sandbox, &log)?;
    let result = match toolchain {
        Toolchain::Python => steps.install_python().await,
        Toolchain::Node => steps.install_node().await,
    };
    match result {
        Ok(bin_dir) => Ok(BuiltProject {
            bin_dir,
            log: log.text(),
            duration: started.elapsed(),
        }),
        Err(message) => Err(BuildError {
            message,
            log: log.text(),
        }),
    }
}

/// The folder the kit keeps downloads and installed dependencies in:
/// beside its cargo home (`$XDG_CACHE_HOME/interview-kit`).
fn cache_root(options: &BuildOptions) -> PathBuf {
    let cargo_home = options
        .cargo_home
        .clone()
        .unwrap_or_else(crate::sandboxed_cargo::default_cargo_home);
    cargo_home
        .parent()
        .map_or_else(|| cargo_home.join("cache"), Path::to_path_buf)
}

struct Steps<'a> {
    dir: PathBuf,
    cache: PathBuf,
    sandbox: &'a Sandbox,
    timeout: Duration,
    log: &'a OutputTail,
}

impl<'a> Steps<'a> {
    fn new(
        dir: &Path,
        options: &BuildOptions,
        sandbox: &'a Sandbox,
        log: &'a OutputTail,
    ) -> Result<Self, BuildError> {
        let dir = dir.canonicalize().map_err(|error| BuildError {
            message: format!("{}: {error}", dir.display()),
            log: String::new(),
        })?;
        let cache = cache_root(options);
        for sub in ["pip", "npm", "node-modules"] {
            std::fs::create_dir_all(cache.join(sub)).map_err(|error| BuildError {
                message: format!("cannot create {}: {error}", cache.join(sub).display()),
                log: String::new(),
            })?;
        }
        Ok(Steps {
            dir,
            cache,
            sandbox,
            timeout: options.timeout,
            log,
        })
    }

    // ---- Python ----

    /// The requirements to install: `requirements.txt`, else the
    /// `[project] dependencies` of `pyproject.toml` written out as one.
    fn requirements(&self) -> Result<Option<PathBuf>, String> {
        let listed = self.dir.join("requirements.txt");
        if listed.is_file() {
            return Ok(Some(listed));
        }
        let pyproject = self.dir.join("pyproject.toml");
        if !pyproject.is_file() {
            return Ok(None);
        }
        #[derive(Deserialize)]
        struct PyProject {
            project: Option<Project>,
        }
        #[derive(Deserialize)]
        struct Project {
            #[serde(default)]
            dependencies: Vec<String>,
        }
        let text = std::fs::read_to_string(&pyproject)
            .map_err(|error| format!("pyproject.toml: {error}"))?;
        let parsed: PyProject = toml::from_str(&text)
            .map_err(|error| format!("pyproject.toml: {}", error.to_string().trim()))?;
        let dependencies = parsed.project.map(|p| p.dependencies).unwrap_or_default();
        let written = self.dir.join(KIT_DIR).join("requirements.txt");
        std::fs::create_dir_all(self.dir.join(KIT_DIR)).map_err(|error| error.to_string())?;
        std::fs::write(&written, dependencies.join("\n") + "\n")
            .map_err(|error| format!("cannot write {}: {error}", written.display()))?;
        Ok(Some(written))
    }

    fn wheels(&self) -> PathBuf {
        self.dir.join(KIT_DIR).join("wheels")
    }

    async fn fetch_python(&self) -> Result<(), String> {
        let Some(requirements) = self.requirements()? else {
            return Ok(());
        };
        if let Some(cached) = self.cached_venv(&requirements).await
            && cached.join(COMPLETE).is_file()
        {
            self.log
                .push(b"kit: a virtual environment for these requirements, installed before\n");
            return Ok(());
        }
        let args = [
            // Isolated: neither the project's folder nor PYTHON* variables
            // reach `sys.path`, so no file of the project can stand in for pip.
            "-I",
            "-m",
            "pip",
            "download",
            "--only-binary=:all:",
            "--disable-pip-version-check",
            "--no-input",
            "--progress-bar=off",
            "--dest",
        ];
        let mut args: Vec<OsString> = args.iter().map(OsString::from).collect();
        args.push(self.wheels().into());
        args.push("-r".into());
        args.push(requirements.into());
        let env = [("PIP_CACHE_DIR", self.cache.join("pip"))];
        self.run(
            "python3",
            &args,
            &env,
            Network::Inherited,
            &[self.cache.join("pip")],
            &self.cache.join("pip"),
        )
        .await
        .map_err(|why| {
            format!(
                "{why} (the kit installs binary wheels only: every requirement needs a \
                     wheel for this Python)"
            )
        })
    }

    /// Where the virtual environment for `requirements` is cached, when
    /// they are plain pins (`name==version` lines only: no options, files
    /// or URLs, which could make the same text install something else).
    async fn cached_venv(&self, requirements: &Path) -> Option<PathBuf> {
        let text = std::fs::read_to_string(requirements).ok()?;
        let pins = plain_pins(&text)?;
        let python = tokio::process::Command::new("python3")
            .arg("--version")
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .output()
            .await
            .ok()?;
        let mut hash = Sha256::new();
        hash.update(&python.stdout);
        hash.update(std::env::consts::ARCH);
        hash.update(pins.join("\n"));
        Some(self.cache.join("python-venvs").join(short_hex(hash)))
    }

    /// The virtual environment: the cached one for these requirements, or
    /// one made now (into the cache when the requirements can be cached
    /// and no other grading is making it, else into the copy).
    async fn install_python(&self) -> Result<PathBuf, String> {
        let requirements = self.requirements()?;
        let cached = match &requirements {
            Some(requirements) => self.cached_venv(requirements).await,
            None => None,
        };
        if let Some(cached) = &cached
            && cached.join(COMPLETE).is_file()
        {
            return Ok(cached.join(".venv/bin"));
        }
        // Made where it stays (a venv's scripts name its path): in the
        // cache when this grading is the first to claim the folder.
        let claimed = cached.filter(|dir| {
            dir.parent()
                .is_some_and(|parent| std::fs::create_dir_all(parent).is_ok())
                && std::fs::create_dir(dir).is_ok()
        });
        let home = claimed.clone().unwrap_or_else(|| self.dir.clone());
        let venv = home.join(".venv");
        let made = self.make_venv(&venv, requirements.as_deref(), &home).await;
        match (&made, &claimed) {
            (Ok(()), Some(dir)) => {
                if let Err(error) = std::fs::write(dir.join(COMPLETE), "") {
                    self.log.push(
                        format!("kit: the virtual environment was not cached ({error})\n")
                            .as_bytes(),
                    );
                }
            }
            (Err(_), Some(dir)) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            _ => {}
        }
        made.map(|()| venv.join("bin"))
    }

    /// `python3 -m venv`, then the wheels fetched before installed into it;
    /// both offline, isolated (`-I`), from `home`, where nothing of the
    /// project is.
    async fn make_venv(
        &self,
        venv: &Path,
        requirements: Option<&Path>,
        home: &Path,
    ) -> Result<(), String> {
        let writable = [home.to_path_buf()];
        self.run(
            "python3",
            &["-I".into(), "-m".into(), "venv".into(), venv.into()],
            &[],
            Network::Isolated,
            &writable,
            home,
        )
        .await
        .map_err(|why| format!("could not make a virtual environment: {why}"))?;
        let Some(requirements) = requirements else {
            return Ok(());
        };
        let mut args: Vec<OsString> = [
            "-I",
            "-m",
            "pip",
            "install",
            "--no-index",
            "--disable-pip-version-check",
            "--no-input",
            "--progress-bar=off",
            "--find-links",
        ]
        .iter()
        .map(OsString::from)
        .collect();
        args.push(self.wheels().into());
        args.push("-r".into());
        args.push(requirements.into());
        let python = venv.join("bin/python");
        self.run(
            python.as_os_str(),
            &args,
            &[],
            Network::Isolated,
            &writable,
            home,
        )
        .await
        .map_err(|why| format!("the dependencies could not be installed: {why}"))
    }

    // ---- Node ----

    fn lock(&self) -> Option<PathBuf> {
        Some(self.dir.join("package-lock.json")).filter(|lock| lock.is_file())
    }

    /// Where `node_modules` for this lock (and this Node) is cached.
    async fn cached_modules(&self) -> Option<PathBuf> {
        let lock = std::fs::read(self.lock()?).ok()?;
        let node = tokio::process::Command::new("node")
            .arg("--version")
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .output()
            .await
            .ok()?;
        let mut hash = Sha256::new();
        hash.update(&node.stdout);
        hash.update(std::env::consts::ARCH);
        hash.update(&lock);
        Some(self.cache.join("node-modules").join(short_hex(hash)))
    }

    /// The project's `.npmrc` goes: npm reads it (a registry, a proxy,
    /// `node-options` for the dependencies' scripts), and npm runs with
    /// the interviewer's settings only, as cargo does.
    fn drop_npm_config(&self) -> Result<(), String> {
        let npmrc = self.dir.join(".npmrc");
        match std::fs::remove_file(&npmrc) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                Err(format!("cannot remove {}: {error}", npmrc.display()))
            }
            _ => Ok(()),
        }
    }

    async fn fetch_node(&self) -> Result<(), String> {
        self.drop_npm_config()?;
        let modules = self.dir.join("node_modules");
        if let Some(cached) = self.cached_modules().await
            && cached.join("node_modules").is_dir()
        {
            copy_tree(&cached.join("node_modules"), &modules)?;
            std::fs::write(modules.join(FROM_CACHE), "")
                .map_err(|error| format!("cannot mark {}: {error}", modules.display()))?;
            self.log
                .push(b"kit: node_modules for this package-lock.json, installed before\n");
            return Ok(());
        }
        // `npm ci` installs exactly the lock; without one, `npm install` writes it.
        let install = if self.lock().is_some() {
            "ci"
        } else {
            "install"
        };
        let args: Vec<OsString> = [install, "--ignore-scripts", "--no-audit", "--no-fund"]
            .iter()
            .map(OsString::from)
            .collect();
        self.run(
            "npm",
            &args,
            &self.npm_env(),
            Network::Inherited,
            &[self.cache.join("npm")],
            &self.dir,
        )
        .await
    }

    fn npm_env(&self) -> Vec<(&'static str, PathBuf)> {
        let mut env = vec![
            ("npm_config_cache", self.cache.join("npm")),
            ("npm_config_update_notifier", PathBuf::from("false")),
        ];
        // Native modules compile against the installed Node headers when
        // their prebuilt binaries cannot be downloaded (offline, here).
        if Path::new("/usr/include/node/node.h").is_file() {
            env.push(("npm_config_nodedir", PathBuf::from("/usr")));
        }
        env
    }

    async fn install_node(&self) -> Result<PathBuf, String> {
        self.drop_npm_config()?;
        let modules = self.dir.join("node_modules");
        let from_cache = modules.join(FROM_CACHE).is_file();
        if !from_cache {
            let scripted = packages_with_install_scripts(&self.dir);
            if !scripted.is_empty() {
                let mut args: Vec<OsString> = vec!["rebuild".into()];
                args.extend(scripted.iter().map(OsString::from));
                let mut env = self.npm_env();
                env.push(("npm_config_offline", PathBuf::from("true")));
                env.push(("JOBS", PathBuf::from("max")));
                self.run("npm", &args, &env, Network::Isolated, &[], &self.dir)
                    .await
                    .map_err(|why| {
                        format!(
                            "the install scripts of {} failed: {why}",
                            scripted.join(", ")
                        )
                    })?;
            }
            if let Some(cached) = self.cached_modules().await {
                // Before the project's own scripts run: only the lock's
                // packages, as their install scripts left them.
                if let Err(why) = store(&modules, &cached) {
                    self.log
                        .push(format!("kit: node_modules not cached ({why})\n").as_bytes());
                }
            }
        }
        let mut env = self.npm_env();
        env.push(("npm_config_offline", PathBuf::from("true")));
        let args: Vec<OsString> = ["run", "build", "--if-present"]
            .iter()
            .map(OsString::from)
            .collect();
        self.run("npm", &args, &env, Network::Isolated, &[], &self.dir)
            .await
            .map_err(|why| format!("`npm run build` failed: {why}"))?;
        Ok(modules.join(".bin"))
    }

    // ---- running a step ----

    /// Runs `program ARGS` in the sandbox (the copy and `writable`
    /// writable) from `cwd`, to its end or the build's time bound.
    async fn run(
        &self,
        program: impl AsRef<std::ffi::OsStr>,
        args: &[OsString],
        env: &[(&str, PathBuf)],
        network: Network,
        writable: &[PathBuf],
        cwd: &Path,
    ) -> Result<(), String> {
        let program = PathBuf::from(program.as_ref());
        let shown: Vec<String> = args
            .iter()
            .map(|arg| arg.to_string_lossy().into_owned())
            .collect();
        self.log
            .push(format!("$ {} {}\n", program.display(), shown.join(" ")).as_bytes());
        let mut writable_dirs = vec![self.dir.clone()];
        writable_dirs.extend(writable.iter().cloned());
        let jail = Jail {
            read_only: Vec::new(),
            writable: writable_dirs,
            network,
            limits: self.sandbox.options().build_limits,
            dir: cwd.to_path_buf(),
        };
        let mut command = self.sandbox.command(&jail, &program, &shown);
        command.env_clear();
        for var in ["PATH", "HOME", "LANG"] {
            if let Some(value) = std::env::var_os(var) {
                command.env(var, value);
            }
        }
        for (var, value) in env {
            command.env(var, value);
        }
        let mut leader =
            GroupLeader::spawn_wrapped(command, self.log, self.log, self.sandbox.wrapper_depth())
                .map_err(|error| format!("could not run {}: {error}", program.display()))?;
        match tokio::time::timeout(self.timeout, leader.wait()).await {
            Ok(Exit::Code(0)) => {
                // Let the pumps drain what the process wrote just before exiting.
                tokio::time::sleep(Duration::from_millis(50)).await;
                Ok(())
            }
            Ok(exit) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                Err(format!(
                    "`{} {}` failed ({exit})",
                    program.display(),
                    shown.join(" ")
                ))
            }
            Err(_) => {
                leader.stop(STOP_GRACE).await;
                Err(format!(
                    "`{}` took longer than {} s and was stopped",
                    program.display(),
                    self.timeout.as_secs()
                ))
            }
        }
    }
}

/// The first 16 bytes of a hash, in hex: a cache folder's name.
fn short_hex(hash: Sha256) -> String {
    hex(&hash.finalize()[..16])
}

/// The requirements' lines when every one (but comments and blank lines)
/// is a plain pin, `name==version` with optional extras and environment
/// marker; `None` otherwise.
fn plain_pins(text: &str) -> Option<Vec<String>> {
    let pin = regex_lite::Regex::new(
        r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9._,-]+\])?==[A-Za-z0-9.!+_-]+(\s*;[^@]*)?$",
    )
    .ok()?;
    let mut pins = Vec::new();
    for line in text.lines() {
        let line = line.split(" #").next().unwrap_or_default().trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if !pin.is_match(line) {
            return None;
        }
        pins.push(line.to_owned());
    }
    Some(pins)
}

/// The installed packages whose lock entry says they have an install
/// script (`hasInstallScript`), by name: what `npm rebuild` must run.
fn packages_with_install_scripts(dir: &Path) -> Vec<String> {
    #[derive(Deserialize)]
    struct Lock {
        #[serde(default)]
        packages: std::collections::BTreeMap<String, Entry>,
    }
    #[derive(Deserialize)]
    struct Entry {
        #[serde(default, rename = "hasInstallScript")]
        has_install_script: bool,
    }
    let Ok(text) = std::fs::read_to_string(dir.join("node_modules/.package-lock.json")) else {
        return Vec::new();
    };
    let Ok(lock) = serde_json::from_str::<Lock>(&text) else {
        return Vec::new();
    };
    let mut names: Vec<String> = lock
        .packages
        .into_iter()
        .filter(|(_, entry)| entry.has_install_script)
        .filter_map(|(path, _)| {
            path.rsplit_once("node_modules/")
                .map(|(_, name)| name.to_owned())
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

/// `cp -a` (links copied as links, never followed; copy-on-write where the
/// file system can).
fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    let status = std::process::Command::new("cp")
        .args(["-a", "--reflink=auto"])
        .arg(from)
        .arg(to)
        .status()
        .map_err(|error| format!("cannot run cp: {error}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "could not copy {} to {} ({status})",
            from.display(),
            to.display()
        ))
    }
}

/// Copies `modules` into `cached/node_modules`, whole or not at all (a
/// temporary folder renamed into place).
fn store(modules: &Path, cached: &Path) -> Result<(), String> {
    if cached.join("node_modules").is_dir() {
        return Ok(());
    }
    let parent = cached.parent().unwrap_or(cached);
    let staging = tempfile::tempdir_in(parent).map_err(|error| error.to_string())?;
    copy_tree(modules, &staging.path().join("node_modules"))?;
    let staging = staging.keep();
    match std::fs::rename(&staging, cached) {
        Ok(()) => Ok(()),
        Err(error) => {
            let _ = std::fs::remove_dir_all(&staging);
            // Another grading may have stored the same lock's modules first.
            if cached.join("node_modules").is_dir() {
                Ok(())
            } else {
                Err(error.to_string())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_pins_can_share_a_cached_environment() {
        assert_eq!(
            plain_pins(
                "# pinned\nfastapi==0.165.0\npwdlib[argon2]==0.3.1  # hashing\n\nuvloop==0.21.0; sys_platform != \"win32\"\n"
            ),
            Some(vec![
                "fastapi==0.165.0".to_owned(),
                "pwdlib[argon2]==0.3.1".to_owned(),
                "uvloop==0.21.0; sys_platform != \"win32\"".to_owned(),
            ])
        );
        for not_plain in [
            "fastapi>=0.100\n",
            "-r more.txt\n",
            "--index-url https://example.org/simple\nfastapi==0.165.0\n",
            "fastapi @ https://example.org/fastapi-0.165.0-py3-none-any.whl\n",
            "./local-package\n",
        ] {
            assert_eq!(plain_pins(not_plain), None, "{not_plain}");
        }
    }

    #[test]
    fn the_packages_with_install_scripts_are_read_from_the_installed_lock() {
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        std::fs::create_dir_all(dir.path().join("node_modules"))
            .unwrap_or_else(|error| panic!("{error}"));
        std::fs::write(
            dir.path().join("node_modules/.package-lock.json"),
            r#"{"packages": {
                "node_modules/express": {"version": "5.3.0"},
                "node_modules/better-sqlite3": {"hasInstallScript": true},
                "node_modules/@scope/native": {"hasInstallScript": true},
                "node_modules/a/node_modules/bcrypt": {"hasInstallScript": true}
            }}"#,
        )
        .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(
            packages_with_install_scripts(dir.path()),
            ["@scope/native", "bcrypt", "better-sqlite3"]
        );
    }
}
