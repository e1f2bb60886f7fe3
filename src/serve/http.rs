//! The preview's HTTP side, which no request can stop: hyper's HTTP/1.1 server on a small
//! tokio runtime, each connection its own task, so one client that never reads, pipelines
//! thousands of requests or sends its headers a byte a second holds up only itself.
//!
//! - Request bodies are never read: a request announcing one (`Content-Length` above 0, or
//!   `Transfer-Encoding`) is answered 413 and its connection closed, whatever size it claims.
//!   Headers are capped at [`MAX_HEADERS`] bytes.
//! - `Host` must be `127.0.0.1`, `localhost` or `[::1]` (with this port or none): a page of
//!   another site that points its own name at 127.0.0.1 (DNS rebinding) gets 421, not the
//!   drafts being previewed.
//! - A client gets [`HEADER_TIMEOUT`] to send each request's headers (idle keep-alive
//!   included) and [`STALL_TIMEOUT`] for any write to make progress; at most
//!   [`MAX_CONNECTIONS`] connections are open at once, and a new one closes the connection
//!   that has been quiet longest, so idle sockets held open cannot keep a reader out.
//! - Files are sent in blocks as the client reads them, never whole into memory.

use std::collections::HashMap;
use std::future::Future;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use hyper::body::{Frame, Incoming, SizeHint};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use super::Shared;
use crate::messages::Text;

/// The most header bytes a request may send.
pub const MAX_HEADERS: usize = 16 * 1024;
/// How long a client has to send a request's headers, from when the connection is ready
/// for one.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a write to a client may wait for it to read before the connection is closed.
pub const STALL_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections open at once; one more closes the one quiet longest.
pub const MAX_CONNECTIONS: usize = 1024;
/// Files up to this size are read whole (pages get the reload script); larger ones are sent
/// in blocks of this size.
const BLOCK: usize = 64 * 1024;

/// Serves `output` on `listener` until `stop` is set.
pub fn run(
    listener: std::net::TcpListener,
    output: PathBuf,
    status: Shared,
    stop: Arc<AtomicBool>,
    tick: Duration,
) -> Result<(), Text> {
    let no_server =
        |e: std::io::Error| Text::new("serve-cannot-start").with("reason", Text::io(&e));
    let port = listener.local_addr().map_err(no_server)?.port();
    listener.set_nonblocking(true).map_err(no_server)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("vanban-serve")
        .enable_all()
        .build()
        .map_err(no_server)?;
    let site = Arc::new(Site {
        output,
        status,
        port,
    });
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener).map_err(no_server)?;
        let open = Arc::new(Open {
            table: Mutex::default(),
            start: Instant::now(),
        });
        while !stop.load(Ordering::SeqCst) {
            let accepted = match tokio::time::timeout(tick, listener.accept()).await {
                Err(_) => continue,
                Ok(Ok((stream, _))) => stream,
                // Out of file descriptors or a connection reset before it was accepted: the
                // next one may do.
                Ok(Err(_)) => {
                    tokio::time::sleep(tick).await;
                    continue;
                }
            };
            let site = site.clone();
            let io = Stalling::new(accepted, open.start);
            let active = io.active.clone();
            let mut table = open.table.lock().unwrap_or_else(|e| e.into_inner());
            if table.conns.len() >= MAX_CONNECTIONS {
                table.close_quietest();
            }
            let id = table.next;
            table.next += 1;
            let leave = Leave {
                open: open.clone(),
                id,
            };
            let task = tokio::spawn(async move {
                let _leave = leave;
                let io = hyper_util::rt::TokioIo::new(io);
                let service = hyper::service::service_fn(move |req| {
                    let site = site.clone();
                    async move { Ok::<_, std::convert::Infallible>(site.handle(&req)) }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .timer(hyper_util::rt::TokioTimer::new())
                    .header_read_timeout(HEADER_TIMEOUT)
                    .max_buf_size(MAX_HEADERS)
                    .serve_connection(io, service)
                    .await;
            });
            // The table is still locked: the task, even if already done, leaves after this.
            table.conns.insert(id, (active, task.abort_handle()));
        }
        Ok::<(), Text>(())
    })?;
    // Connections still open are dropped with the runtime.
    runtime.shutdown_timeout(Duration::from_millis(200));
    Ok(())
}

struct Site {
    output: PathBuf,
    status: Shared,
    port: u16,
}

impl Site {
    fn handle(&self, req: &Request<Incoming>) -> Response<Body> {
        // A request in absolute form (`GET http://host/ HTTP/1.1`) names its host there, which
        // then counts instead of `Host` (RFC 9112 §3.2.2); two `Host` fields are one too many.
        let hosts: Vec<&HeaderValue> = req.headers().get_all(header::HOST).iter().collect();
        let host = match req.uri().authority() {
            Some(a) => HeaderValue::from_str(a.as_str()).ok(),
            None => hosts.first().map(|h| (*h).clone()),
        };
        let unnamed = req.uri().authority().is_none() && hosts.is_empty();
        if hosts.len() > 1 || !(unnamed || (host.is_some() && self.host_allowed(host.as_ref()))) {
            return plain(
                StatusCode::MISDIRECTED_REQUEST,
                format!(
                    "421 — this preview answers only at http://127.0.0.1:{}/\n",
                    self.port
                ),
            );
        }
        let has_body = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .is_some_and(|v| v.as_bytes() != b"0")
            || req.headers().contains_key(header::TRANSFER_ENCODING);
        if has_body {
            let mut r = plain(
                StatusCode::PAYLOAD_TOO_LARGE,
                "413 — the preview takes no request bodies\n".into(),
            );
            r.headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            return r;
        }
        if req.method() != Method::GET && req.method() != Method::HEAD {
            let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "405\n".into());
            r.headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
            return r;
        }
        let status = self
            .status
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let reply = super::answer(req.uri().path(), &self.output, &status);
        let mut r = Response::new(reply.body);
        *r.status_mut() = StatusCode::from_u16(reply.code).unwrap_or(StatusCode::OK);
        let h = r.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(reply.kind));
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        h.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        if let Some(d) = reply.disposition {
            h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static(d));
        }
        if reply.sandbox {
            h.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("sandbox"),
            );
        }
        if let Some(l) = reply.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
            h.insert(header::LOCATION, l);
        }
        r
    }

    /// `127.0.0.1`, `localhost` or `[::1]`, with this server's port or none; a request with
    /// no `Host` (HTTP/1.0) comes from no web page.
    fn host_allowed(&self, host: Option<&HeaderValue>) -> bool {
        let Some(host) = host else {
            return true;
        };
        let Ok(host) = host.to_str() else {
            return false;
        };
        let host = host.to_ascii_lowercase();
        let (name, port) = match host.rsplit_once(':') {
            Some((n, p)) if !p.contains(']') => (n, Some(p)),
            _ => (host.as_str(), None),
        };
        matches!(name, "127.0.0.1" | "localhost" | "[::1]")
            && port.is_none_or(|p| p.parse::<u16>() == Ok(self.port))
    }
}

fn plain(code: StatusCode, text: String) -> Response<Body> {
    let mut r = Response::new(Body::bytes(text.into_bytes()));
    *r.status_mut() = code;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

/// A response body: bytes in memory, or a file sent a block at a time.
pub enum Body {
    Bytes(Option<Bytes>),
    File { file: std::fs::File, left: u64 },
}

impl Body {
    pub fn bytes(b: Vec<u8>) -> Body {
        Body::Bytes(Some(Bytes::from(b)))
    }

    /// A file: read whole if small, else as the client reads.
    pub fn file(path: &Path) -> io::Result<Body> {
        let file = std::fs::File::open(path)?;
        let left = file.metadata()?.len();
        if left <= BLOCK as u64 {
            let mut b = Vec::with_capacity(left as usize);
            file.take(left).read_to_end(&mut b)?;
            return Ok(Body::bytes(b));
        }
        Ok(Body::File { file, left })
    }
}

impl hyper::body::Body for Body {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        match &mut *self {
            Body::Bytes(b) => Poll::Ready(b.take().map(|b| Ok(Frame::data(b)))),
            Body::File { left: 0, .. } => Poll::Ready(None),
            Body::File { file, left } => {
                let mut buf = vec![0; (*left).min(BLOCK as u64) as usize];
                // A file read from the page cache: short enough not to hand to a thread.
                let r = match file.read(&mut buf) {
                    Ok(0) => Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "the file shrank while it was sent",
                    )),
                    Ok(n) => {
                        *left -= n as u64;
                        buf.truncate(n);
                        Ok(Frame::data(Bytes::from(buf)))
                    }
                    Err(e) => Err(e),
                };
                Poll::Ready(Some(r))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Body::Bytes(None) | Body::File { left: 0, .. })
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Body::Bytes(b) => SizeHint::with_exact(b.as_ref().map_or(0, |b| b.len() as u64)),
            Body::File { left, .. } => SizeHint::with_exact(*left),
        }
    }
}

/// A connection whose writes fail with `TimedOut` once one has waited [`STALL_TIMEOUT`] for
/// the client to read: a client that never reads cannot hold its task, nor the file it
/// asked for, for ever.
/// The open connections, each with when it last moved a byte, so that at the cap the
/// quietest is closed rather than the newest kept waiting.
struct Open {
    table: Mutex<Table>,
    /// The zero of every connection's clock.
    start: Instant,
}

#[derive(Default)]
struct Table {
    next: u64,
    conns: HashMap<u64, (Arc<AtomicU64>, tokio::task::AbortHandle)>,
}

impl Table {
    fn close_quietest(&mut self) {
        let quietest = self
            .conns
            .iter()
            .min_by_key(|(id, (active, _))| (active.load(Ordering::Relaxed), **id))
            .map(|(id, _)| *id);
        if let Some((_, task)) = quietest.and_then(|id| self.conns.remove(&id)) {
            task.abort();
        }
    }
}

/// Takes a connection's line out of the table when its task ends or is aborted.
struct Leave {
    open: Arc<Open>,
    id: u64,
}

impl Drop for Leave {
    fn drop(&mut self) {
        let mut table = self.open.table.lock().unwrap_or_else(|e| e.into_inner());
        table.conns.remove(&self.id);
    }
}

struct Stalling<T> {
    io: T,
    deadline: Option<Pin<Box<tokio::time::Sleep>>>,
    /// When this connection last read or wrote a byte, in milliseconds from `start`.
    active: Arc<AtomicU64>,
    start: Instant,
}

impl<T> Stalling<T> {
    fn new(io: T, start: Instant) -> Self {
        let s = Stalling {
            io,
            deadline: None,
            active: Arc::new(AtomicU64::new(0)),
            start,
        };
        s.touch();
        s
    }

    fn touch(&self) {
        let now = self.start.elapsed().as_millis() as u64;
        self.active.store(now, Ordering::Relaxed);
    }

    /// After a write that could not proceed: an error once it has waited too long.
    fn stalled(&mut self, cx: &mut Context<'_>) -> Poll<io::Error> {
        let deadline = self
            .deadline
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(STALL_TIMEOUT)));
        deadline
            .as_mut()
            .poll(cx)
            .map(|()| io::Error::new(io::ErrorKind::TimedOut, "the client stopped reading"))
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Stalling<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let read = Pin::new(&mut self.io).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.touch();
        }
        read
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Stalling<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match Pin::new(&mut self.io).poll_write(cx, buf) {
            Poll::Pending => self.stalled(cx).map(Err),
            done => {
                self.deadline = None;
                self.touch();
                done
            }
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.io).poll_flush(cx) {
            Poll::Pending => self.stalled(cx).map(Err),
            done => {
                self.deadline = None;
                done
            }
        }
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_names_are_hosts() {
        let site = Site {
            output: PathBuf::new(),
            status: Shared::default(),
            port: 8080,
        };
        let ok = |h: &str| site.host_allowed(Some(&HeaderValue::from_str(h).unwrap()));
        for good in [
            "127.0.0.1",
            "127.0.0.1:8080",
            "localhost:8080",
            "LOCALHOST",
            "[::1]:8080",
            "[::1]",
        ] {
            assert!(ok(good), "{good}");
        }
        for bad in [
            "evil.example",
            "evil.example:8080",
            "127.0.0.1:8081",
            "127.0.0.1.evil.example",
            "localhost.:8080",
            "[::2]:8080",
            "",
        ] {
            assert!(!ok(bad), "{bad}");
        }
        assert!(site.host_allowed(None));
    }
}
