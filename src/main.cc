// defuse: scores customer-complaint transcripts against the seven-step resolution cycle.
// main only hands the arguments to the CLI layer, which returns the exit status.
#include "cli/app.h"

int main(int argc, char** argv) { return defuse::run_cli(argc, argv); }
