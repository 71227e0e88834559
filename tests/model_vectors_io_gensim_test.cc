// Interoperability with gensim's word2vec format reader and writer: run by
// /usr/bin/python3 (skipped, saying why, when it cannot import gensim). Its
// own file, as gensim's import alone takes seconds (CTest label `slow`).
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "src/model/matrix.h"
#include "src/model/vectors_io.h"
#include "tests/model_test_util.h"
#include "tests/test_util.h"

namespace nce2vec {
namespace {

using ::nce2vec::testing::ExpectSameVectors;
using ::nce2vec::testing::PythonModuleMissing;
using ::nce2vec::testing::ReadFileOrDie;
using ::nce2vec::testing::RunCommand;
using ::nce2vec::testing::TempDir;
using ::nce2vec::testing::TestMatrix;
using ::nce2vec::testing::Words;
using ::nce2vec::testing::WriteTempFile;

// The script loads/saves with gensim and dumps words and raw float32 values,
// which the test compares bitwise.
constexpr absl::string_view kGensimScript = R"py(
import sys
import numpy as np
from gensim.models import KeyedVectors

def dump(kv, prefix):
    with open(prefix + ".words", "wb") as f:
        f.write("\n".join(kv.index_to_key).encode("utf-8"))
    with open(prefix + ".raw", "wb") as f:
        f.write(np.ascontiguousarray(kv.vectors, dtype=np.float32).tobytes())

if sys.argv[1] == "load":
    for path, format in zip(sys.argv[2::2], sys.argv[3::2]):
        dump(KeyedVectors.load_word2vec_format(path, binary=format == "binary"),
             path)
else:
    rng = np.random.default_rng(7)
    words = ["w%d" % i for i in range(500)] + ["café", "日本", "</s>"]
    vectors = (rng.standard_normal((len(words), 30)) *
               10.0 ** rng.integers(-8, 8, (len(words), 30))).astype(np.float32)
    vectors[0, :3] = [0.0, -0.0, 1e-45]
    kv = KeyedVectors(30)
    kv.add_vectors(words, vectors)
    for path, binary in zip(sys.argv[2:], [False, True, True]):
        kv.save_word2vec_format(path, binary=binary)
    dump(kv, sys.argv[2])
)py";

// Words and vectors dumped by the script.
void ReadDump(const std::string& prefix, std::vector<std::string>* words,
              Matrix* vectors, int64_t dim) {
  *words = absl::StrSplit(ReadFileOrDie(prefix + ".words"), '\n');
  const std::string raw = ReadFileOrDie(prefix + ".raw");
  ASSERT_EQ(raw.size(), words->size() * dim * sizeof(float));
  *vectors = Matrix(words->size(), dim);
  for (size_t r = 0; r < words->size(); ++r) {
    std::memcpy(vectors->row(r), raw.data() + r * dim * sizeof(float),
                dim * sizeof(float));
  }
}

TEST(VectorsIoGensimTest, GensimLoadsWhatWeWrite) {
  if (const std::string why = PythonModuleMissing("gensim"); !why.empty()) {
    GTEST_SKIP() << why;
  }
  const std::string dir = TempDir();
  const std::string script = WriteTempFile(dir, "g.py", kGensimScript);
  std::vector<std::string> words = Words(300);
  words.push_back("naïve");
  words.push_back("東京");
  const Matrix vectors = TestMatrix(words.size(), 25, 8);
  const std::vector<std::pair<std::string, VectorFormat>> files = {
      {"ours.txt", VectorFormat::kText},
      {"ours.bin", VectorFormat::kBinary},
      {"ours.txt.gz", VectorFormat::kText},
      {"ours.bin.gz", VectorFormat::kBinary}};
  std::string command = absl::StrCat("/usr/bin/python3 ", script, " load");
  for (const auto& [name, format] : files) {
    ASSERT_TRUE(WriteVectors(dir + "/" + name, words, vectors, format).ok());
    absl::StrAppend(&command, " ", dir, "/", name, " ",
                    format == VectorFormat::kBinary ? "binary" : "text");
  }
  std::string output;
  ASSERT_EQ(RunCommand(command, &output), 0) << output;
  for (const auto& [name, format] : files) {
    SCOPED_TRACE(name);
    WordVectors loaded;
    ReadDump(dir + "/" + name, &loaded.words, &loaded.vectors, 25);
    ExpectSameVectors(loaded, words, vectors);
  }
}

TEST(VectorsIoGensimTest, WeLoadWhatGensimWrites) {
  if (const std::string why = PythonModuleMissing("gensim"); !why.empty()) {
    GTEST_SKIP() << why;
  }
  const std::string dir = TempDir();
  const std::string script = WriteTempFile(dir, "g.py", kGensimScript);
  const std::string text = dir + "/gensim.txt";
  const std::string binary = dir + "/gensim.bin";
  const std::string binary_gz = dir + "/gensim.bin.gz";
  std::string output;
  ASSERT_EQ(RunCommand(absl::StrCat("/usr/bin/python3 ", script, " save ", text,
                                    " ", binary, " ", binary_gz),
                       &output),
            0)
      << output;
  std::vector<std::string> words;
  Matrix vectors;
  ReadDump(text, &words, &vectors, 30);
  ASSERT_EQ(words.size(), 503u);
  for (const std::string& path : {text, binary, binary_gz}) {
    auto read = ReadVectors(path);
    ASSERT_TRUE(read.ok()) << read.status();
    ExpectSameVectors(*read, words, vectors);
  }
}

}  // namespace
}  // namespace nce2vec
