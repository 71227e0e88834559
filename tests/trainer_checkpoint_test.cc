#include <zlib.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/corpus/corpus.h"
#include "src/trainer/checkpoint.h"
#include "src/util/little_endian.h"
#include "src/util/rng.h"
#include "tests/test_util.h"

namespace nce2vec {
namespace {

using ::testing::HasSubstr;

struct Fixture {
  Vocab vocab = *Vocab::FromCounts({{"the", 10}, {"cat", 4}, {"sat", 4}});
  // With n-grams: 7 bucket rows after the words' input rows.
  EmbeddingModel model =
      *EmbeddingModel::Create(vocab.counts(), vocab.size(), 5, true, 9, 7);
  TrainConfig config;
  std::vector<std::string> corpus_files = {"a.txt", "b.txt.gz"};
  TrainState state;
  CheckpointNotes notes = {{"output", "v.txt"}, {"format", "binary"}};

  Fixture() {
    // Every setting away from its default, so that one left out of the
    // checkpoint would show.
    config.model = ModelType::kCbow;
    config.objective = "nce";
    config.objective_options.negatives = 7;
    config.objective_options.shared_negatives = false;
    config.objective_options.logq_correction = true;
    config.objective_options.output_bias = true;
    config.objective_options.margin = 0.5f;
    config.objective_options.mining = ObjectiveOptions::Mining::kSemiHard;
    config.objective_options.embedding_l2 = 0.25f;
    config.dim = 5;
    config.window = 3;
    config.epochs = 4;
    config.threads = 2;
    config.sample = 1e-4;
    config.lr = 0.0375;
    config.noise_power = 0.5;
    config.seed = 1ULL << 40;
    config.max_norm = 12.5;
    config.subwords = {.minn = 2, .maxn = 4, .bucket = 7};
    model.output.row(2)[4] = 0.5f;
    WorkerState w;
    w.epoch = 1;
    w.sentences = 12;
    const uint64_t rng[4] = {1, 2, 3, 4};
    w.rng.set_state(rng);
    w.lr = 0.0125f;
    w.unpublished_words = 7;
    w.published_words = 900;
    w.loss = 12.5;
    w.pairs = 33;
    // Not `= {w, WorkerState()}`: under ASan's detect_stack_use_after_return
    // GCC 12's code for that initializer list faulted on the fake stack.
    state.workers.resize(2);
    state.workers[0] = w;
    state.workers[1].finished = true;
    state.curve = {{0.5, 100, 2.0, 10}, {1.0, 200, 3.0, 20}};
    state.seconds = 4.25;
    state.corpus_bytes = 123456789;
  }

  absl::Status Write(const std::string& path) const {
    return WriteCheckpoint(path, config, corpus_files, vocab, model, state,
                           notes);
  }
};

// Where a section's header starts: the first occurrence of its tag after
// the file header.
size_t SectionAt(const std::string& file, const char* tag) {
  return file.find(tag, 12);
}

TEST(LittleEndianTest, WritesAndReadsHandMadeBytes) {
  std::string out;
  AppendLittleEndian<uint32_t>(out, 0x01020304u);
  AppendLittleEndian<int16_t>(out, -2);
  AppendLittleEndian<float>(out, 1.0f);  // 0x3f800000
  AppendLittleEndian<bool>(out, true);
  EXPECT_EQ(out,
            std::string("\x04\x03\x02\x01\xfe\xff\x00\x00\x80\x3f\x01", 11));
  const char bytes[] = "\x08\x07\x06\x05\x04\x03\x02\x81";
  EXPECT_EQ(LoadLittleEndian<uint64_t>(bytes), 0x8102030405060708ull);
  EXPECT_EQ(LoadLittleEndian<int32_t>(bytes + 4), -2130574588);  // 0x81020304
  EXPECT_EQ(LoadLittleEndian<double>(
                std::string("\x00\x00\x00\x00\x00\x00\xf0\xbf", 8).data()),
            -1.0);
}

TEST(CheckpointTest, RoundTrips) {
  const std::string path = testing::TempDir() + "/run.ckpt";
  Fixture f;
  ASSERT_TRUE(f.Write(path).ok());
  absl::StatusOr<Checkpoint> ckpt = ReadCheckpoint(path);
  ASSERT_TRUE(ckpt.ok()) << ckpt.status();
  // Compared through the settings list, and printed the same way.
  ForEachSetting(
      [](const Setting& setting, const auto& read, const auto& written) {
        EXPECT_EQ(read, written) << setting.name;
      },
      ckpt->config, f.config);
  EXPECT_EQ(ConfigSummary(ckpt->config), ConfigSummary(f.config));
  EXPECT_THAT(ConfigSummary(f.config),
              HasSubstr("model cbow  objective nce  dim 5"));
  EXPECT_THAT(ConfigSummary(f.config), HasSubstr("mining semihard"));
  EXPECT_EQ(ckpt->corpus_files, f.corpus_files);
  EXPECT_EQ(ckpt->notes, f.notes);
  EXPECT_EQ(ckpt->vocab.words(), f.vocab.words());
  EXPECT_EQ(ckpt->vocab.counts(), f.vocab.counts());
  ASSERT_EQ(ckpt->model.dim(), 5);
  ASSERT_EQ(ckpt->model.ngram_rows, 7);
  ASSERT_EQ(ckpt->model.input.rows(), 3 + 7);
  EXPECT_EQ(std::memcmp(ckpt->model.input.data(), f.model.input.data(),
                        f.model.input.bytes()),
            0);
  EXPECT_EQ(std::memcmp(ckpt->model.output.data(), f.model.output.data(),
                        f.model.output.bytes()),
            0);
  EXPECT_EQ(ckpt->model.bias, f.model.bias);
  ASSERT_EQ(ckpt->state.workers.size(), 2u);
  const WorkerState& w = ckpt->state.workers[0];
  EXPECT_EQ(w.epoch, 1);
  EXPECT_EQ(w.sentences, 12);
  EXPECT_EQ(w.rng.state()[0], 1u);
  EXPECT_EQ(w.rng.state()[3], 4u);
  EXPECT_EQ(w.lr, 0.0125f);
  EXPECT_EQ(w.unpublished_words, 7);
  EXPECT_EQ(w.published_words, 900);
  EXPECT_EQ(w.loss, 12.5);
  EXPECT_EQ(w.pairs, 33);
  EXPECT_FALSE(w.finished);
  EXPECT_TRUE(ckpt->state.workers[1].finished);
  ASSERT_EQ(ckpt->state.curve.size(), 2u);
  EXPECT_EQ(ckpt->state.curve[1].words, 200);
  EXPECT_EQ(ckpt->state.seconds, 4.25);
  EXPECT_EQ(ckpt->state.corpus_bytes, 123456789u);
}

// The bytes on disk are little-endian whatever the host: the version, a
// section's length and the first setting, as laid out by hand.
TEST(CheckpointTest, FileIsLittleEndian) {
  const std::string path = testing::TempDir() + "/run.ckpt";
  Fixture f;
  ASSERT_TRUE(f.Write(path).ok());
  const std::string file = testing::ReadFileOrDie(path);
  ASSERT_GT(file.size(), 60u);
  EXPECT_EQ(file.substr(0, 16), std::string("NCE2VECK\x03\x00\x00\x00"
                                            "CONF",
                                            16));
  // CONF's payload: u32 count (22 settings, the three of SubwordOptions
  // included), then "TrainConfig::model" and its value, u32 1 (cbow) in a
  // 4-byte string.
  const std::string name = "TrainConfig::model";
  const std::string first = file.substr(24, 4 + 4 + name.size() + 4 + 4);
  EXPECT_EQ(first, absl::StrCat(std::string("\x16\x00\x00\x00", 4),
                                std::string("\x12\x00\x00\x00", 4), name,
                                std::string("\x04\x00\x00\x00", 4),
                                std::string("\x01\x00\x00\x00", 4)));
}

TEST(CheckpointTest, DamageIsDetected) {
  const std::string dir = testing::TempDir();
  const std::string path = dir + "/run.ckpt";
  Fixture f;
  ASSERT_TRUE(f.Write(path).ok());
  const std::string good = testing::ReadFileOrDie(path);

  std::string flipped = good;
  flipped[good.size() - 60] ^= 1;  // inside the biases or output matrix
  const std::string bad = testing::WriteTempFile(dir, "bad.ckpt", flipped);
  EXPECT_THAT(ReadCheckpoint(bad).status().message(),
              HasSubstr("checksum mismatch"));

  const std::string cut =
      testing::WriteTempFile(dir, "cut.ckpt", good.substr(0, good.size() / 2));
  EXPECT_THAT(ReadCheckpoint(cut).status().message(), HasSubstr("truncated"));

  const std::string other =
      testing::WriteTempFile(dir, "other.ckpt", "3 2\nthe 1 2\n");
  EXPECT_THAT(ReadCheckpoint(other).status().message(),
              HasSubstr("not an nce2vec checkpoint"));
  EXPECT_FALSE(ReadCheckpoint(dir + "/missing.ckpt").ok());
}

// Sizes are checked against the file before anything is allocated from
// them: a matrix of 2^32 - 1 columns, a section claiming 2^62 bytes.
TEST(CheckpointTest, SizesAreCheckedBeforeAllocating) {
  const std::string dir = testing::TempDir();
  const std::string path = dir + "/run.ckpt";
  Fixture f;
  ASSERT_TRUE(f.Write(path).ok());
  const std::string good = testing::ReadFileOrDie(path);
  const size_t input = SectionAt(good, "INPT");
  ASSERT_NE(input, std::string::npos);

  std::string wide = good;
  wide.replace(input + 12 + 8, 4, "\xff\xff\xff\xff");  // the dim
  EXPECT_THAT(ReadCheckpoint(testing::WriteTempFile(dir, "wide.ckpt", wide))
                  .status()
                  .message(),
              HasSubstr("section 'INPT' is 10 x 4294967295, expected 10 x 5"));

  std::string long_section = good;
  long_section.replace(input + 4, 8,
                       std::string("\x00\x00\x00\x00\x00\x00\x00\x40", 8));
  EXPECT_THAT(
      ReadCheckpoint(testing::WriteTempFile(dir, "long.ckpt", long_section))
          .status()
          .message(),
      HasSubstr("truncated"));

  // A count inside a section is covered by its checksum, checked before
  // the count is used.
  const size_t vocab = SectionAt(good, "VOCB");
  std::string many_words = good;
  many_words.replace(vocab + 12, 4, "\xff\xff\xff\x7f");
  EXPECT_THAT(
      ReadCheckpoint(testing::WriteTempFile(dir, "words.ckpt", many_words))
          .status()
          .message(),
      HasSubstr("checksum mismatch in section 'VOCB'"));
}

TEST(CheckpointTest, OtherVersionsAreRefusedClearly) {
  const std::string dir = testing::TempDir();
  const std::string path = dir + "/run.ckpt";
  Fixture f;
  ASSERT_TRUE(f.Write(path).ok());
  std::string old = testing::ReadFileOrDie(path);
  old[8] = 1;
  EXPECT_THAT(
      ReadCheckpoint(testing::WriteTempFile(dir, "v1.ckpt", old))
          .status()
          .message(),
      HasSubstr("format version 1 is from an older nce2vec, which stored "
                "command-line flags instead of the settings; this nce2vec "
                "reads version 3 only: start the run again"));
  old[8] = 2;
  EXPECT_THAT(
      ReadCheckpoint(testing::WriteTempFile(dir, "v2.ckpt", old))
          .status()
          .message(),
      HasSubstr("format version 2 is from an older nce2vec, which had no "
                "spread in-batch batches; this nce2vec reads version 3 only"));
  old[8] = 4;
  EXPECT_THAT(ReadCheckpoint(testing::WriteTempFile(dir, "v4.ckpt", old))
                  .status()
                  .message(),
              HasSubstr("format version 4 is from a newer nce2vec"));
}

// A checkpoint written before the subword settings existed (its CONF
// without them, rebuilt here with its length and CRC) resumes as the
// word-only run it was.
TEST(CheckpointTest, CheckpointWithoutSubwordSettingsIsWordOnly) {
  const std::string dir = testing::TempDir();
  Fixture f;
  f.config.subwords = TrainConfig().subwords;
  f.model =
      *EmbeddingModel::Create(f.vocab.counts(), f.vocab.size(), 5, true, 9);
  ASSERT_TRUE(f.Write(dir + "/new.ckpt").ok());
  const std::string file = testing::ReadFileOrDie(dir + "/new.ckpt");
  const size_t conf = SectionAt(file, "CONF");
  const uint64_t length = LoadLittleEndian<uint64_t>(file.data() + conf + 4);
  const std::string payload = file.substr(conf + 12, length);
  std::string entries;
  uint32_t kept = 0;
  size_t at = 4;
  const auto next_string = [&payload, &at] {
    const uint32_t n = LoadLittleEndian<uint32_t>(payload.data() + at);
    const std::string text = payload.substr(at + 4, n);
    at += 4 + n;
    return text;
  };
  while (at < payload.size()) {
    const size_t begin = at;
    const std::string name = next_string();
    next_string();
    if (name.rfind("SubwordOptions::", 0) == 0) continue;
    entries += payload.substr(begin, at - begin);
    ++kept;
  }
  ASSERT_EQ(kept + 3, LoadLittleEndian<uint32_t>(payload.data()));
  std::string old_payload;
  AppendLittleEndian(old_payload, kept);
  old_payload += entries;
  std::string old = file.substr(0, conf + 4);
  AppendLittleEndian(old, static_cast<uint64_t>(old_payload.size()));
  old += old_payload;
  AppendLittleEndian(
      old, static_cast<uint32_t>(
               crc32_z(0, reinterpret_cast<const Bytef*>(old_payload.data()),
                       old_payload.size())));
  old += file.substr(conf + 12 + length + 4);

  absl::StatusOr<Checkpoint> ckpt =
      ReadCheckpoint(testing::WriteTempFile(dir, "old.ckpt", old));
  ASSERT_TRUE(ckpt.ok()) << ckpt.status();
  EXPECT_FALSE(ckpt->config.subwords.enabled());
  EXPECT_EQ(ckpt->model.ngram_rows, 0);
  EXPECT_EQ(ckpt->config.dim, 5);
}

// A checkpoint whose settings contradict its model is refused.
TEST(CheckpointTest, SettingsMustMatchTheModel) {
  const std::string dir = testing::TempDir();
  Fixture f;
  f.config.dim = 6;
  ASSERT_TRUE(f.Write(dir + "/dim.ckpt").ok());
  EXPECT_THAT(ReadCheckpoint(dir + "/dim.ckpt").status().message(),
              HasSubstr("expected 10 x 6"));
  // The input matrix has the words' rows and the settings' bucket rows.
  Fixture buckets;
  buckets.config.subwords.bucket = 8;
  ASSERT_TRUE(buckets.Write(dir + "/bucket.ckpt").ok());
  EXPECT_THAT(ReadCheckpoint(dir + "/bucket.ckpt").status().message(),
              HasSubstr("section 'INPT' is 10 x 5, expected 11 x 5"));
  Fixture g;
  g.config.window = 0;
  ASSERT_TRUE(g.Write(dir + "/window.ckpt").ok());
  EXPECT_THAT(ReadCheckpoint(dir + "/window.ckpt").status().message(),
              HasSubstr("TrainConfig::window must be in [1, 1000], got 0"));
}

// Resuming is a library call: a run stopped part-way is written out, read
// back with nothing but the checkpoint's path, and finished with Train();
// with one thread it ends bit-identical to a run that never stopped.
TEST(CheckpointTest, ResumingIsALibraryCall) {
  const std::string dir = testing::TempDir();
  Rng rng(3);
  std::string text;
  for (int s = 0; s < 3000; ++s) {
    const int cluster = static_cast<int>(rng.Uniform(5));
    for (int i = 0; i < 8; ++i) {
      absl::StrAppend(&text, i ? " " : "", "c", cluster, "w", rng.Uniform(6));
    }
    text += "\n";
  }
  const std::string corpus_path = testing::WriteTempFile(dir, "c.txt", text);
  const Corpus corpus = *Corpus::Open({corpus_path});
  VocabOptions vocab_options;
  vocab_options.min_count = 1;
  const Vocab vocab = *Vocab::Build(corpus, vocab_options);
  // lifted: spread batches, whose cursors the checkpoint stores; hs: an
  // output matrix of V - 1 inner nodes, read back as such.
  for (const std::string objective : {"sgns", "softmax", "lifted", "hs"}) {
    TrainConfig config;
    config.objective = objective;
    config.objective_options.output_bias = objective == "softmax";
    config.dim = 12;
    config.epochs = 2;
    config.threads = 1;
    config.sample = 0;
    const bool bias = config.objective_options.output_bias;
    EmbeddingModel straight = *NewModel(config, vocab, bias);
    ASSERT_TRUE(Train(config, corpus, vocab, straight).ok());

    EmbeddingModel part = *NewModel(config, vocab, bias);
    TrainState state;
    TrainHooks hooks;
    hooks.stop_after_words = 15000;
    absl::StatusOr<TrainResult> stopped =
        Train(config, corpus, vocab, part, hooks, &state);
    ASSERT_TRUE(stopped.ok()) << stopped.status();
    ASSERT_TRUE(stopped->stopped);
    const std::string path = dir + "/" + objective + ".ckpt";
    ASSERT_TRUE(
        WriteCheckpoint(path, config, corpus.paths(), vocab, part, state).ok());

    absl::StatusOr<Checkpoint> ckpt = ReadCheckpoint(path);
    ASSERT_TRUE(ckpt.ok()) << ckpt.status();
    EXPECT_EQ(ckpt->model.output.rows(), straight.output.rows()) << objective;
    absl::StatusOr<Corpus> reopened = Corpus::Open(ckpt->corpus_files);
    ASSERT_TRUE(reopened.ok()) << reopened.status();
    absl::StatusOr<TrainResult> rest = Train(
        ckpt->config, *reopened, ckpt->vocab, ckpt->model, {}, &ckpt->state);
    ASSERT_TRUE(rest.ok()) << rest.status();
    EXPECT_FALSE(rest->stopped);
    EXPECT_EQ(rest->words, config.epochs * vocab.total_count());
    EXPECT_EQ(std::memcmp(straight.input.data(), ckpt->model.input.data(),
                          straight.input.bytes()),
              0)
        << objective;
    EXPECT_EQ(std::memcmp(straight.output.data(), ckpt->model.output.data(),
                          straight.output.bytes()),
              0)
        << objective;
    EXPECT_EQ(straight.bias, ckpt->model.bias) << objective;
  }
}

}  // namespace
}  // namespace nce2vec
