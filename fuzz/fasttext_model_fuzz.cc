// Fuzzes the fastText model reader (src/model/fasttext_model.h). Whatever it
// accepts must be a consistent model (shapes, distinct non-empty words,
// finite values), every word's vector must be computable, and writing it
// back must give the input's bytes (with version 12). The write goes to a
// folder made at start and removed at exit; each output is removed as soon
// as it has been compared.
#include <unistd.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "fuzz/scratch_file.h"
#include "src/model/fasttext_model.h"
#include "src/subword/subwords.h"

namespace {

// Where the model read is written back: a folder made once, removed at
// exit.
const std::string& OutputPath() {
  static const std::string* path = [] {
    static char dir[] = "/tmp/nce2vec_fuzz_fasttext.XXXXXX";
    if (mkdtemp(dir) == nullptr) std::abort();
    std::atexit([] { rmdir(dir); });
    return new std::string(std::string(dir) + "/out.bin");
  }();
  return *path;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using nce2vec::fuzz::Check;
  static nce2vec::fuzz::ScratchFile* const file =
      new nce2vec::fuzz::ScratchFile();
  file->Write(data, size);
  const absl::StatusOr<nce2vec::FastTextModel> model =
      nce2vec::ReadFastTextModel(file->path());
  if (!model.ok()) return 0;

  const int64_t nwords = static_cast<int64_t>(model->words.size());
  const nce2vec::FastTextArgs& args = model->args;
  Check(nwords >= 1 && model->counts.size() == model->words.size(),
        "no words, or not one count per word");
  Check(model->input.rows() == nwords + args.subwords.bucket &&
            model->input.cols() == args.dim,
        "input shape does not match the settings");
  Check(model->output.rows() == nwords && model->output.cols() == args.dim,
        "output shape does not match the settings");
  absl::flat_hash_set<std::string> seen;
  for (int64_t i = 0; i < nwords; ++i) {
    Check(!model->words[i].empty(), "empty word");
    Check(seen.insert(model->words[i]).second, "duplicate word");
    Check(model->counts[i] >= 1, "count below 1");
  }
  for (int64_t r = 0; r < model->input.rows(); ++r) {
    for (int64_t j = 0; j < args.dim; ++j) {
      Check(std::isfinite(model->input.row(r)[j]), "input value not finite");
    }
  }

  // Every word's rows are rows of the input matrix, and their mean is finite
  // where the sum of a few finite floats is.
  std::vector<float> vector(model->input.stride());
  std::vector<int32_t> rows;
  for (int64_t i = 0; i < nwords && i < 64; ++i) {
    rows.assign(1, static_cast<int32_t>(i));
    nce2vec::AppendNgramRows(model->words[i], args.subwords,
                             static_cast<int32_t>(nwords), rows);
    for (const int32_t r : rows) {
      Check(r >= 0 && r < model->input.rows(), "row out of range");
    }
    nce2vec::MeanOfRows(model->input, rows, vector.data());
  }

  const std::string& out = OutputPath();
  const absl::Status written =
      nce2vec::WriteFastTextModel(out, nce2vec::ViewOf(*model));
  Check(written.ok(), "a model read cannot be written back");
  std::string expected(reinterpret_cast<const char*>(data), size);
  expected[4] = 12;  // version 11 is written as 12
  Check(ReadAll(out) == expected, "written back, the bytes differ");
  unlink(out.c_str());
  return 0;
}
