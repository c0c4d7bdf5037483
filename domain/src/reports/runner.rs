//! Where reports run: one thread of their own, at a lower CPU priority,
//! with its own small tokio runtime. A month of facts keeps a core busy
//! for a few hundred milliseconds (reading, decoding, summing); on the
//! server's runtime, and at the same priority, that time would come out
//! of the live messages. The database connections the thread opens for
//! reading (see `db::reads`) start on it and share its priority.

use std::future::Future;
use std::sync::OnceLock;

use tokio::runtime::{Builder, Handle};

use crate::error::{Error, Result};

/// How much less CPU priority reports get than serving (a `nice` value).
const NICENESS: i32 = 10;

fn handle() -> &'static Handle {
    static HANDLE: OnceLock<Handle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("reports".into())
            .spawn(move || {
                lower_priority();
                let rt = Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("reports runtime");
                tx.send(rt.handle().clone()).expect("handle");
                rt.block_on(std::future::pending::<()>());
            })
            .expect("reports thread");
        rx.recv().expect("reports runtime started")
    })
}

/// Lowers the calling thread's priority (Linux keeps `nice` per thread,
/// and threads it starts inherit it); elsewhere a no-op.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only reads its arguments; 0 names this thread.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, NICENESS);
    }
}

/// Runs `work` on the reports thread and waits for its answer.
pub(crate) async fn run<T, F>(work: F) -> Result<T>
where
    T: Send + 'static,
    F: Future<Output = Result<T>> + Send + 'static,
{
    handle()
        .spawn(work)
        .await
        .map_err(|e| Error::Internal(format!("report task: {e}")))?
}

/// Starts `work` on the reports thread without waiting for it.
pub(crate) fn spawn(work: impl Future<Output = ()> + Send + 'static) {
    handle().spawn(work);
}
