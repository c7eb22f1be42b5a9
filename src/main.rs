use std::process::ExitCode;

fn main() -> ExitCode {
    khabar::cli::main()
}
