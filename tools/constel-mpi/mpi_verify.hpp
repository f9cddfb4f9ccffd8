// `constel-mpi verify` on every rank: the .cst mode (exact) and the embedding mode (certified), each
// as a sequence of Session stages (session.hpp). Both return the exit code on every rank; only rank 0
// prints the report, which is the object `constel verify` prints (verify_cli.hpp).
#pragma once

#include "session.hpp"
#include "verify_cli.hpp"

namespace constel::tool {

int mpi_verify_cst(Session& s, const VerifyArgs& args);
int mpi_verify_embeddings(Session& s, const EmbeddingArgs& args);

}  // namespace constel::tool
