// A stand-in for libFuzzer where clang is not at hand: runs each corpus file, then random mutations
// of them (bit flips, byte insertions, deletions, replacements; no coverage feedback, no sanitizers
// unless compiled with them) for SECONDS. Not built by CMake; docs/reliability.md section 6 gives the
// command. Usage: driver SECONDS CORPUS_FILE...
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
int main(int argc, char** argv) {
  double seconds = std::stod(argv[1]);
  std::vector<std::string> corpus;
  for (int i = 2; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    corpus.push_back(s.str());
  }
  if (corpus.empty()) corpus.push_back("");
  std::mt19937_64 rng(1);
  auto t0 = std::chrono::steady_clock::now();
  std::uint64_t runs = 0;
  for (auto& c : corpus) LLVMFuzzerTestOneInput((const std::uint8_t*)c.data(), c.size()), ++runs;
  while (std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < seconds) {
    std::string x = corpus[rng() % corpus.size()];
    int edits = 1 + rng() % 8;
    for (int e = 0; e < edits; ++e) {
      int kind = rng() % 4;
      if (kind == 0 && !x.empty()) x[rng() % x.size()] ^= char(1 << (rng() % 8));
      else if (kind == 1) x.insert(x.begin() + (x.empty() ? 0 : rng() % x.size()), char(rng()));
      else if (kind == 2 && !x.empty()) x.erase(rng() % x.size(), 1);
      else if (!x.empty()) x[rng() % x.size()] = char(rng());
    }
    LLVMFuzzerTestOneInput((const std::uint8_t*)x.data(), x.size());
    ++runs;
    if (runs % 16 == 0 && x.size() < 4096) corpus.push_back(x);
    if (corpus.size() > 4096) corpus.erase(corpus.begin() + 1 + rng() % 4000);
  }
  std::printf("%llu runs\n", (unsigned long long)runs);
}
