use clap::Parser;

fn main() {
    let cli = driftlint::cli::Cli::parse();
    std::process::exit(driftlint::cli::run(cli));
}
