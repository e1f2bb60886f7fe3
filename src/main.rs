//! The `vanban` command: the library's command line ([`vanban::cli`]).

/// mimalloc: a build allocates and frees millions of small strings from two threads at
/// once, where glibc's allocator spends a tenth of the build's CPU.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    vanban::cli::main()
}
