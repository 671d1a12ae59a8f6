//! Keeps the last bytes a process printed, however much it prints.
//!
//! A submission that floods its output must neither block (pipes are always
//! drained) nor grow the grader's memory (only `cap` bytes are kept).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::task::JoinHandle;

pub const DEFAULT_OUTPUT_CAP: usize = 64 * 1024;

#[derive(Debug, Clone)]
pub struct OutputTail {
    inner: Arc<Mutex<Tail>>,
}

#[derive(Debug)]
struct Tail {
    kept: VecDeque<u8>,
    cap: usize,
    total: u64,
}

impl OutputTail {
    pub fn new(cap: usize) -> Self {
        OutputTail {
            inner: Arc::new(Mutex::new(Tail {
                kept: VecDeque::new(),
                cap,
                total: 0,
            })),
        }
    }

    pub fn push(&self, bytes: &[u8]) {
        let mut tail = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        tail.total += bytes.len() as u64;
        let cap = tail.cap;
        let bytes = &bytes[bytes.len().saturating_sub(cap)..];
        let overflow = (tail.kept.len() + bytes.len()).saturating_sub(cap);
        tail.kept.drain(..overflow);
        tail.kept.extend(bytes);
    }

    /// The kept bytes, as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        let tail = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let (front, back) = tail.kept.as_slices();
        let mut bytes = Vec::with_capacity(tail.kept.len());
        bytes.extend_from_slice(front);
        bytes.extend_from_slice(back);
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// Every byte ever pushed, kept or not.
    pub fn total_bytes(&self) -> u64 {
        self.inner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .total
    }

    pub fn truncated(&self) -> bool {
        let tail = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        tail.total > tail.kept.len() as u64
    }

    /// Drains `reader` into this tail until end of file, in the background.
    pub fn pump<R>(&self, mut reader: R) -> JoinHandle<()>
    where
        R: AsyncRead + Unpin + Send + 'static,
    {
        let tail = self.clone();
        tokio::spawn(async move {
            let mut chunk = vec![0u8; 16 * 1024];
            while let Ok(read) = reader.read(&mut chunk).await {
                if read == 0 {
                    break;
                }
                tail.push(&chunk[..read]);
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_only_the_last_cap_bytes() {
        let tail = OutputTail::new(8);
        tail.push(b"hello ");
        tail.push(b"world, again");
        assert_eq!(tail.text(), "d, again");
        assert_eq!(tail.total_bytes(), 18);
        assert!(tail.truncated());
    }

    #[test]
    fn a_single_push_larger_than_the_cap_keeps_its_end() {
        let tail = OutputTail::new(4);
        tail.push(b"abcdefgh");
        assert_eq!(tail.text(), "efgh");
    }

    #[test]
    fn small_output_is_kept_whole() {
        let tail = OutputTail::new(64);
        tail.push(b"ready\n");
        assert_eq!(tail.text(), "ready\n");
        assert!(!tail.truncated());
    }
}
