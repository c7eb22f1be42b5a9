use std::process::ExitCode;

#[global_allocator]
static GLOBAL: khabar::allocator::Allocator = khabar::allocator::Allocator {};

fn main() -> ExitCode {
    khabar::allocator::tune();
    khabar::cli::main()
}
