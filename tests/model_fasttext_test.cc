// The fastText model file (src/model/fasttext_model.h): the exact bytes of a
// tiny model against the layout fastText 0.9.2 writes, round trips, and
// every kind of bad file. Agreement with fastText and gensim themselves is
// tested in cli_fasttext_test.cc.
#include <sys/stat.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/model/fasttext_model.h"
#include "src/util/little_endian.h"
#include "tests/fasttext_test_model.h"
#include "tests/test_util.h"

namespace nce2vec {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

// Offsets in a model file (fasttext_model.h).
constexpr size_t kVersionAt = 4;
constexpr size_t kLossAt = 8 + 6 * 4;
constexpr size_t kModelAt = 8 + 7 * 4;
constexpr size_t kBucketAt = 8 + 8 * 4;
constexpr size_t kMinnAt = 8 + 9 * 4;
constexpr size_t kDictAt = 8 + 12 * 4 + 8;
constexpr size_t kNlabelsAt = kDictAt + 8;
constexpr size_t kPruneAt = kDictAt + 20;
constexpr size_t kEntriesAt = kDictAt + 28;

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

template <typename T>
void Patch(std::string& bytes, size_t at, T value) {
  std::string encoded;
  AppendLittleEndian<T>(encoded, value);
  bytes.replace(at, encoded.size(), encoded);
}

// fastText's bytes for a model of one word "ab" (count 7), dim 2,
// minn 1, maxn 2, bucket 1, written out by hand from fastText's
// Args::save, Dictionary::save and DenseMatrix::save.
std::string TinyModelBytes() {
  std::string b;
  for (const int32_t v :
       {793712314, 12, 2, 5, 5, 1, 5, 1,  // dim ws epoch minCount neg wN
        2, 2,                             // loss ns, model sg
        1, 1, 2, 100}) {                  // bucket minn maxn lrUpdateRate
    AppendLittleEndian<int32_t>(b, v);
  }
  AppendLittleEndian<double>(b, 1e-4);
  AppendLittleEndian<int32_t>(b, 1);   // size
  AppendLittleEndian<int32_t>(b, 1);   // nwords
  AppendLittleEndian<int32_t>(b, 0);   // nlabels
  AppendLittleEndian<int64_t>(b, 9);   // ntokens
  AppendLittleEndian<int64_t>(b, -1);  // pruneidx_size
  b.append("ab", 3);                   // with its NUL
  AppendLittleEndian<int64_t>(b, 7);
  AppendLittleEndian<int8_t>(b, 0);
  b.push_back('\0');                  // quant_input
  AppendLittleEndian<int64_t>(b, 2);  // input: 1 word + 1 bucket
  AppendLittleEndian<int64_t>(b, 2);
  for (const float v : {0.5f, -0.25f, 1.0f, 2.0f}) {
    AppendLittleEndian<float>(b, v);
  }
  b.push_back('\0');  // qout
  AppendLittleEndian<int64_t>(b, 1);
  AppendLittleEndian<int64_t>(b, 2);
  for (const float v : {-1.0f, 0.125f}) AppendLittleEndian<float>(b, v);
  return b;
}

FastTextModel TinyModel() {
  FastTextModel m;
  m.args.dim = 2;
  m.args.min_count = 1;
  m.args.subwords = {.minn = 1, .maxn = 2, .bucket = 1};
  m.words = {"ab"};
  m.counts = {7};
  m.ntokens = 9;
  m.input = Matrix(2, 2);
  m.input.row(0)[0] = 0.5f;
  m.input.row(0)[1] = -0.25f;
  m.input.row(1)[0] = 1.0f;
  m.input.row(1)[1] = 2.0f;
  m.output = Matrix(1, 2);
  m.output.row(0)[0] = -1.0f;
  m.output.row(0)[1] = 0.125f;
  return m;
}

class FastTextModelTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::TempDir(); }

  absl::StatusOr<FastTextModel> ReadBytes(const std::string& bytes,
                                          ReadFastTextOptions options = {}) {
    path_ = testing::WriteTempFile(dir_, "m.bin", bytes);
    return ReadFastTextModel(path_, options);
  }

  // The message of reading `bytes`, which must fail naming the file.
  std::string Failure(const std::string& bytes) {
    const absl::StatusOr<FastTextModel> m = ReadBytes(bytes);
    EXPECT_FALSE(m.ok());
    if (m.ok()) return "";
    EXPECT_THAT(m.status().message(), HasSubstr(path_));
    return std::string(m.status().message());
  }

  std::string dir_;
  std::string path_;
};

void ExpectSameMatrix(const Matrix& a, const Matrix& b) {
  ASSERT_EQ(a.rows(), b.rows());
  ASSERT_EQ(a.cols(), b.cols());
  for (int64_t r = 0; r < a.rows(); ++r) {
    EXPECT_EQ(std::memcmp(a.row(r), b.row(r), a.cols() * sizeof(float)), 0)
        << "row " << r;
  }
}

TEST_F(FastTextModelTest, WritesFastTextsBytesExactly) {
  const std::string path = dir_ + "/tiny.bin";
  const FastTextModel model = TinyModel();
  ASSERT_TRUE(WriteFastTextModel(path, ViewOf(model)).ok());
  EXPECT_EQ(testing::ReadFileOrDie(path), TinyModelBytes());
}

TEST_F(FastTextModelTest, ReadsFastTextsBytes) {
  const absl::StatusOr<FastTextModel> m = ReadBytes(TinyModelBytes());
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->args.dim, 2);
  EXPECT_EQ(m->args.loss, FastTextLoss::kNs);
  EXPECT_EQ(m->args.model, FastTextArchitecture::kSkipgram);
  EXPECT_EQ(m->args.subwords.minn, 1);
  EXPECT_EQ(m->args.subwords.maxn, 2);
  EXPECT_EQ(m->args.subwords.bucket, 1);
  EXPECT_EQ(m->args.t, 1e-4);
  EXPECT_EQ(m->words, std::vector<std::string>({"ab"}));
  EXPECT_EQ(m->counts, std::vector<int64_t>({7}));
  EXPECT_EQ(m->ntokens, 9);
  ExpectSameMatrix(m->input, TinyModel().input);
  ExpectSameMatrix(m->output, TinyModel().output);
}

TEST_F(FastTextModelTest, ReadsVersion11AsFastTextDoes) {
  std::string bytes = TinyModelBytes();
  Patch<int32_t>(bytes, kVersionAt, 11);
  EXPECT_TRUE(ReadBytes(bytes).ok());
}

TEST_F(FastTextModelTest, RoundTripsNonAsciiWordsAndEveryField) {
  FastTextModel model = testing::RandomFastTextModel(
      testing::NonAsciiWords(), 7, {.minn = 2, .maxn = 4, .bucket = 50});
  model.args.ws = 3;
  model.args.epoch = 9;
  model.args.neg = 11;
  model.args.loss = FastTextLoss::kSoftmax;
  model.args.model = FastTextArchitecture::kCbow;
  model.args.lr_update_rate = 77;
  model.args.t = 3e-5;
  const std::string path = dir_ + "/m.bin";
  ASSERT_TRUE(WriteFastTextModel(path, ViewOf(model)).ok());
  int64_t word_bytes = 0;
  for (const std::string& w : model.words) word_bytes += w.size() + 1 + 9;
  EXPECT_EQ(
      testing::ReadFileOrDie(path).size(),
      kEntriesAt + word_bytes + 1 + 16 + (7 + 50) * 7 * 4 + 1 + 16 + 7 * 7 * 4);
  const absl::StatusOr<FastTextModel> back = ReadFastTextModel(path);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->args.ws, 3);
  EXPECT_EQ(back->args.epoch, 9);
  EXPECT_EQ(back->args.neg, 11);
  EXPECT_EQ(back->args.loss, FastTextLoss::kSoftmax);
  EXPECT_EQ(back->args.model, FastTextArchitecture::kCbow);
  EXPECT_EQ(back->args.lr_update_rate, 77);
  EXPECT_EQ(back->args.t, 3e-5);
  EXPECT_EQ(back->words, model.words);
  EXPECT_EQ(back->counts, model.counts);
  EXPECT_EQ(back->ntokens, model.ntokens);
  ExpectSameMatrix(back->input, model.input);
  ExpectSameMatrix(back->output, model.output);

  const absl::StatusOr<FastTextModel> no_output =
      ReadFastTextModel(path, {.output = false});
  ASSERT_TRUE(no_output.ok()) << no_output.status();
  EXPECT_EQ(no_output->output.rows(), 0);
  ExpectSameMatrix(no_output->input, model.input);
}

TEST_F(FastTextModelTest, WordOnlyModelHasNoBucketRows) {
  const FastTextModel model =
      testing::RandomFastTextModel({"x", "y"}, 3, SubwordOptions{});
  const std::string path = dir_ + "/w.bin";
  ASSERT_TRUE(WriteFastTextModel(path, ViewOf(model)).ok());
  const absl::StatusOr<FastTextModel> back = ReadFastTextModel(path);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->args.subwords.maxn, 0);
  EXPECT_EQ(back->input.rows(), 2);
}

TEST_F(FastTextModelTest, EveryTruncationIsAnErrorWithItsOffset) {
  const std::string bytes = TinyModelBytes();
  for (size_t n = 0; n < bytes.size(); ++n) {
    const std::string message = Failure(bytes.substr(0, n));
    EXPECT_THAT(message, HasSubstr("byte offset")) << n;
    if (n >= 8) {
      EXPECT_THAT(message, HasSubstr("truncated")) << n;
    }
  }
}

TEST_F(FastTextModelTest, RefusesWhatIsNotAFastTextModel) {
  EXPECT_THAT(Failure("2 3\nthe 1 2 3\n"),
              AllOf(HasSubstr("byte offset 0"), HasSubstr("magic number")));
  std::string bytes = TinyModelBytes();
  Patch<int32_t>(bytes, kVersionAt, 13);
  EXPECT_THAT(Failure(bytes),
              AllOf(HasSubstr("byte offset 4"), HasSubstr("version 13")));
}

TEST_F(FastTextModelTest, RefusesSupervisedAndQuantisedModels) {
  std::string bytes = TinyModelBytes();
  Patch<int32_t>(bytes, kModelAt, 3);
  EXPECT_THAT(Failure(bytes), HasSubstr("supervised"));

  bytes = TinyModelBytes();
  Patch<int32_t>(bytes, kNlabelsAt, 1);
  EXPECT_THAT(Failure(bytes), HasSubstr("labels"));

  bytes = TinyModelBytes();
  const size_t quant_at = kEntriesAt + 3 + 9;
  ASSERT_EQ(bytes[quant_at], '\0');
  bytes[quant_at] = 1;
  EXPECT_THAT(Failure(bytes),
              AllOf(HasSubstr(absl::StrCat("byte offset ", quant_at)),
                    HasSubstr("quantised model")));

  bytes = TinyModelBytes();
  Patch<int64_t>(bytes, kPruneAt, 0);
  EXPECT_THAT(Failure(bytes), HasSubstr("pruned dictionary"));
}

TEST_F(FastTextModelTest, RefusesSettingsFastTextWouldNotWrite) {
  const struct {
    size_t at;
    int32_t value;
    const char* message;
  } cases[] = {
      {8, 0, "dim is 0"},
      {kLossAt, 7, "loss is 7"},
      {kModelAt, 0, "model is 0"},
      {kBucketAt, 0, "bucket is 0 with n-grams"},
      {kBucketAt, -1, "bucket is -1"},
      {kMinnAt, 3, "minn is 3"},
      {kMinnAt + 4, 101, "maxn is 101"},
  };
  for (const auto& c : cases) {
    std::string bytes = TinyModelBytes();
    Patch<int32_t>(bytes, c.at, c.value);
    EXPECT_THAT(Failure(bytes),
                AllOf(HasSubstr(c.message),
                      HasSubstr(absl::StrCat("byte offset ", c.at))));
  }
}

TEST_F(FastTextModelTest, NeverAllocatesFromAHeaderTheFileCannotBack) {
  std::string bytes = TinyModelBytes();
  Patch<int32_t>(bytes, kDictAt, 2000000000);
  Patch<int32_t>(bytes, kDictAt + 4, 2000000000);
  EXPECT_THAT(Failure(bytes), HasSubstr("claims 2000000000 words"));

  // A bucket of 2^31 - 2 rows: the header then asks for 16 GB.
  bytes = TinyModelBytes();
  Patch<int32_t>(bytes, kBucketAt, std::numeric_limits<int32_t>::max() - 1);
  const size_t input_at = kEntriesAt + 3 + 9 + 1;
  Patch<int64_t>(bytes, input_at, std::numeric_limits<int32_t>::max());
  EXPECT_THAT(Failure(bytes),
              AllOf(HasSubstr(absl::StrCat("byte offset ", input_at)),
                    HasSubstr("the input matrix needs 17179869176 bytes")));

  bytes = TinyModelBytes();
  Patch<int64_t>(bytes, kPruneAt, int64_t{1} << 60);
  EXPECT_THAT(Failure(bytes), HasSubstr("pruneidx_size"));
}

TEST_F(FastTextModelTest, RefusesShapesThatDoNotMatchTheSettings) {
  const size_t input_at = kEntriesAt + 3 + 9 + 1;
  std::string bytes = TinyModelBytes();
  Patch<int64_t>(bytes, input_at + 8, 3);
  EXPECT_THAT(Failure(bytes), HasSubstr("input matrix has 3 columns"));
  bytes = TinyModelBytes();
  Patch<int64_t>(bytes, input_at, 1);
  EXPECT_THAT(Failure(bytes), HasSubstr("input matrix has 1 rows; expected 2"));
  const size_t output_at = input_at + 16 + 16 + 1;
  bytes = TinyModelBytes();
  Patch<int64_t>(bytes, output_at, 2);
  EXPECT_THAT(Failure(bytes),
              HasSubstr("output matrix has 2 rows; expected 1"));
}

TEST_F(FastTextModelTest, RefusesBadDictionaryEntriesAndValues) {
  std::string bytes = TinyModelBytes();
  bytes[kEntriesAt] = '\0';  // "" then a stray byte
  EXPECT_THAT(Failure(bytes), HasSubstr("empty word"));

  bytes = TinyModelBytes();
  Patch<int64_t>(bytes, kEntriesAt + 3, -5);
  EXPECT_THAT(Failure(bytes), HasSubstr("has count -5"));
  Patch<int64_t>(bytes, kEntriesAt + 3, 0);
  EXPECT_THAT(Failure(bytes),
              AllOf(HasSubstr(absl::StrCat("byte offset ", kEntriesAt + 3)),
                    HasSubstr("has count 0")));

  bytes = TinyModelBytes();
  Patch<int8_t>(bytes, kEntriesAt + 3 + 8, 1);
  EXPECT_THAT(Failure(bytes), HasSubstr("has type 1"));

  bytes = TinyModelBytes();
  const size_t first_value = kEntriesAt + 3 + 9 + 1 + 16;
  Patch<float>(bytes, first_value + 4, std::nanf(""));
  EXPECT_THAT(Failure(bytes),
              AllOf(HasSubstr(absl::StrCat("byte offset ", first_value + 4)),
                    HasSubstr("row 0 column 1 is nan")));

  bytes = TinyModelBytes();
  bytes[kEntriesAt + 3 + 9] = 2;  // a bool that is neither 0 nor 1
  EXPECT_THAT(Failure(bytes), HasSubstr("is 2; a bool is 0 or 1"));

  EXPECT_THAT(Failure(TinyModelBytes() + "x"),
              HasSubstr("1 bytes after the output matrix"));
}

TEST_F(FastTextModelTest, RefusesADuplicateWord) {
  FastTextModel model = testing::RandomFastTextModel({"ab", "cd"}, 2, {});
  const std::string path = dir_ + "/d.bin";
  ASSERT_TRUE(WriteFastTextModel(path, ViewOf(model)).ok());
  std::string bytes = testing::ReadFileOrDie(path);
  bytes.replace(kEntriesAt + 3 + 9, 2, "ab");
  EXPECT_THAT(Failure(bytes),
              AllOf(HasSubstr("dictionary entry 1"), HasSubstr("twice")));
}

TEST_F(FastTextModelTest, RefusesAFolderAndAMissingFile) {
  EXPECT_THAT(std::string(ReadFastTextModel(dir_).status().message()),
              HasSubstr("not a regular file"));
  EXPECT_THAT(
      std::string(ReadFastTextModel(dir_ + "/none.bin").status().message()),
      HasSubstr("cannot open fastText model"));
}

TEST_F(FastTextModelTest, WriterRefusesWhatReadersCouldNotUseAndWritesNothing) {
  const std::string path = dir_ + "/out.bin";
  const auto refused = [&](const FastTextModel& m, const char* message) {
    const absl::Status s = WriteFastTextModel(path, ViewOf(m));
    EXPECT_THAT(std::string(s.message()),
                AllOf(HasSubstr(path), HasSubstr(message)));
    EXPECT_FALSE(Exists(path)) << message;
  };
  const auto model = [] {
    return testing::RandomFastTextModel({"a", "b"}, 3,
                                        {.minn = 1, .maxn = 2, .bucket = 4});
  };
  FastTextModel m = model();
  m.counts[1] = 0;
  refused(m, "FastTextModelView::counts[1] ('b') is 0");
  m = model();
  m.words[1] = "a";
  refused(m, "holds 'a' twice");
  m = model();
  m.words[0] = std::string("a\0b", 3);
  refused(m, "NUL");
  m = model();
  m.args.subwords.bucket = 5;
  refused(m, "FastTextModelView::input is 6 x 3; expected (words + bucket)");
  m = model();
  m.args.subwords.minn = 3;
  refused(m, "SubwordOptions::minn");
  m = model();
  m.output = Matrix(1, 3);
  refused(m, "FastTextModelView::output is 1 x 3");
  m = model();
  m.args.dim = 4;
  refused(m, "FastTextModelView::input is 6 x 3");
  m = model();
  m.input.row(5)[2] = std::numeric_limits<float>::infinity();
  refused(m, "FastTextModelView::input row 5 column 2 is inf");
  m = model();
  m.output.row(0)[0] = std::nanf("");
  refused(m, "FastTextModelView::output row 0 column 0 is nan");
  const absl::Status gz = WriteFastTextModel(path + ".gz", ViewOf(model()));
  EXPECT_THAT(std::string(gz.message()), HasSubstr("uncompressed"));
  EXPECT_FALSE(Exists(path + ".gz"));
}

// The fuzzer's seeds are models (one written by fastText itself), each
// written back to its own bytes, which is what the fuzzer checks.
TEST_F(FastTextModelTest, FuzzSeedsReadAndWriteBackUnchanged) {
  const std::string seeds =
      std::string(NCE2VEC_SOURCE_DIR) + "/fuzz/seeds/fuzz_fasttext_model/";
  for (const char* name : {"tiny.bin", "version11.bin", "word_only.bin",
                           "non_ascii.bin", "fasttext_cbow.bin"}) {
    const absl::StatusOr<FastTextModel> m = ReadFastTextModel(seeds + name);
    ASSERT_TRUE(m.ok()) << m.status();
    const std::string path = dir_ + "/" + name;
    ASSERT_TRUE(WriteFastTextModel(path, ViewOf(*m)).ok());
    std::string expected = testing::ReadFileOrDie(seeds + name);
    expected[kVersionAt] = 12;
    EXPECT_TRUE(testing::ReadFileOrDie(path) == expected) << name;
  }
}

TEST(MeanOfRowsTest, SumsInOrderThenScalesByTheFloatReciprocal) {
  Matrix input(3, 5);
  Rng rng(7);
  testing::FillRandom(input, rng);
  const std::vector<int32_t> rows = {2, 0, 2, 1};
  std::vector<float> out(input.stride(), 42.0f);
  MeanOfRows(input, rows, out.data());
  const float scale = static_cast<float>(1.0 / 4);
  for (int j = 0; j < 5; ++j) {
    float sum = 0.0f;
    for (const int32_t r : rows) sum += input.row(r)[j];
    EXPECT_EQ(out[j], sum * scale) << j;  // the same bits, not just close
  }
  for (int64_t j = 5; j < input.stride(); ++j) EXPECT_EQ(out[j], 0.0f);
  MeanOfRows(input, {}, out.data());
  for (const float v : out) EXPECT_EQ(v, 0.0f);
}

}  // namespace
}  // namespace nce2vec
