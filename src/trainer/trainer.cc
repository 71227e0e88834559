// Hogwild (Recht, Re, Wright & Niu 2011): every thread reads its own shard of
// the corpus and updates the shared input and output matrices (and biases)
// with no lock. Two threads may read and write the same row at once; an
// update can then be lost or applied to a row another thread is half-way
// through reading. This is the one place in nce2vec where data races are
// intended: with sparse updates over a large vocabulary collisions are rare,
// SGD tolerates them, and every peer (word2vec.c, fastText, gensim) trains
// the same way. Everything else the threads share is either immutable (the
// vocabulary, the noise sampler, the objective) or an atomic counter.
//
// Training across processes (TrainHooks::companion, src/distributed/) adds
// one writer of the same kind: the companion thread overwrites rows with
// their merge over the processes while the workers go on updating them.
// A worker may then read a row half old and half merged, and an update
// made while the row was being merged is either kept (the companion adds
// what changed since it took its copy) or, when it falls between the
// companion's read and write of that element, lost: the race Hogwild's
// workers have with each other, at most once per element per sync.
#include "src/trainer/trainer.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "absl/strings/str_cat.h"
#include "src/objectives/registry.h"
#include "src/sampler/alias_sampler.h"
#include "src/trainer/batch_builder.h"
#include "src/trainer/batch_limits.h"
#include "src/trainer/divergence_guard.h"
#include "src/trainer/false_negatives.h"
#include "src/trainer/subword_composer.h"
#include "src/util/blas_threads.h"
#include "src/util/status_macros.h"

namespace nce2vec {
namespace {

// A thread publishes its counters and re-reads the learning rate this often
// (in vocabulary tokens read), as word2vec.c does; more often on corpora so
// small that the loss curve would otherwise miss points.
constexpr int64_t kPublishEvery = 10000;
constexpr int kLossCurvePoints = 100;
// The divergence guards draw their rows from streams of the seed far from
// the workers' (0, 1, ...), so that checking never changes training.
constexpr uint64_t kGuardStreams = 1 << 20;
// The cursors of spread batches (CursorState) draw from streams beyond the
// guards' (threads x cursors <= 2^20).
constexpr uint64_t kCursorStreams = 1 << 21;
// One batch in this many is checked for false negatives: the check costs
// about a tenth of an in-batch step, and a sample measures a rate as well.
constexpr int64_t kFalseNegativeSampling = 16;

using Clock = std::chrono::steady_clock;

// Written by one worker, read by the monitor: one cache line each so that
// the workers do not contend for them.
struct alignas(64) WorkerCounters {
  std::atomic<int64_t> words{0};
  std::atomic<double> loss{0};
  std::atomic<int64_t> pairs{0};
};

// The workers' counters summed at one moment.
using Sample = CurvePoint;

struct Shared {
  Shared(const TrainConfig& config, const Corpus& corpus, const Vocab& vocab,
         EmbeddingModel& model, const Objective& objective,
         const TrainHooks& hooks, const SubwordIndex* subwords)
      : config(config),
        hooks(hooks),
        corpus(corpus),
        vocab(vocab),
        model(model),
        objective(objective),
        subwords(subwords),
        keep(vocab.KeepProbabilities(config.sample)),
        total_words(static_cast<int64_t>(config.epochs) * vocab.total_count()),
        counters(new WorkerCounters[config.threads]),
        publish_every(std::clamp<int64_t>(
            total_words / (4 * kLossCurvePoints * config.threads), 100,
            kPublishEvery)),
        first_worker(hooks.companion ? hooks.companion->first_worker() : 0),
        total_workers(hooks.companion ? hooks.companion->total_workers()
                                      : config.threads) {
    const ObjectiveInfo* info = FindObjective(config.objective);
    divergence_limits.max_norm = config.max_norm;
    // The distance losses can pull every vector onto one point; the
    // dot-product ones have no such minimum.
    divergence_limits.detect_collapse =
        info->scoring == Scoring::kSquaredDistance;
    divergence_limits.lr = config.lr;
    divergence_limits.subwords = subwords;
  }

  // Over all processes: this one's workers' and, with a companion, the
  // others' as last learnt.
  int64_t WordsDone() const {
    return LocalWordsDone() + remote_words.load(std::memory_order_relaxed);
  }

  int64_t LocalWordsDone() const {
    int64_t words = 0;
    for (int t = 0; t < config.threads; ++t) {
      words += counters[t].words.load(std::memory_order_relaxed);
    }
    return words;
  }

  Sample Take() const {
    Sample sample;
    sample.seconds = seconds_before + SessionSeconds();
    sample.words = remote_words.load(std::memory_order_relaxed);
    for (int t = 0; t < config.threads; ++t) {
      sample.words += counters[t].words.load(std::memory_order_relaxed);
      sample.loss += counters[t].loss.load(std::memory_order_relaxed);
      sample.pairs += counters[t].pairs.load(std::memory_order_relaxed);
    }
    return sample;
  }

  // Called by a worker after it publishes: the first to see the run cross a
  // 1/kLossCurvePoints step records a curve point. Recording here rather
  // than in the monitor's timed loop gives every step its point however
  // short the run.
  void MaybeRecordCurvePoint() {
    const int64_t done = WordsDone();
    const int step = static_cast<int>(std::min<int64_t>(
        kLossCurvePoints,
        done * kLossCurvePoints / std::max<int64_t>(1, total_words)));
    int seen = curve_steps.load();
    while (step > seen) {
      if (curve_steps.compare_exchange_weak(seen, step)) {
        const Sample sample = Take();
        std::lock_guard<std::mutex> lock(curve_mutex);
        curve.push_back(sample);
        return;
      }
    }
  }

  double SessionSeconds() const {
    return std::chrono::duration<double>(Clock::now() - start).count();
  }

  // Whether the workers are to stop (checked at publish points). A
  // companion decides for all processes at once.
  bool StopRequested() const {
    if (hooks.companion != nullptr) {
      return companion_stop.load(std::memory_order_relaxed);
    }
    return HooksAskToStop();
  }

  bool HooksAskToStop() const {
    return (hooks.stop != nullptr &&
            hooks.stop->load(std::memory_order_relaxed)) ||
           (hooks.stop_after_words > 0 &&
            WordsDone() >= hooks.stop_after_words) ||
           (hooks.stop_after_seconds > 0 &&
            SessionSeconds() >= hooks.stop_after_seconds);
  }

  // word2vec.c's schedule: linear decay to lr * 1e-4 over all epochs.
  float LearningRate(int64_t words_done) const {
    const double fraction =
        static_cast<double>(words_done) / static_cast<double>(total_words + 1);
    return static_cast<float>(config.lr * std::max(1e-4, 1.0 - fraction));
  }

  const TrainConfig& config;
  const TrainHooks& hooks;
  const Corpus& corpus;
  const Vocab& vocab;
  EmbeddingModel& model;
  const Objective& objective;
  // With n-grams: every word's input rows; nullptr for a word-only model.
  const SubwordIndex* subwords;
  const std::vector<float> keep;
  const int64_t total_words;
  std::unique_ptr<WorkerCounters[]> counters;
  const int64_t publish_every;
  DivergenceLimits divergence_limits;
  const Clock::time_point start = Clock::now();
  double seconds_before = 0;  // of the runs this one resumes
  std::atomic<bool> stop{false};
  std::atomic<int> curve_steps{0};
  // Summed over the workers as they finish (see TrainResult).
  std::atomic<int64_t> in_batch_negatives{0};
  std::atomic<int64_t> false_negatives{0};
  std::mutex curve_mutex;
  std::vector<Sample> curve;  // guarded by curve_mutex

  // Training across processes (TrainHooks::companion): this process's
  // workers are [first_worker, first_worker + config.threads) of
  // total_workers.
  const int first_worker;
  const int total_workers;
  std::atomic<int64_t> remote_words{0};  // the other processes' words
  std::atomic<bool> companion_stop{false};
  std::mutex done_mutex;
  std::condition_variable workers_returned;
  int done_workers = 0;  // guarded by done_mutex
  absl::Status failure;  // the first worker error; guarded by done_mutex
};

// The companion's view of the run (see TrainControl).
class CompanionControl : public TrainControl {
 public:
  explicit CompanionControl(Shared& shared) : shared_(shared) {}

  int64_t LocalWords() const override { return shared_.LocalWordsDone(); }
  void SetRemoteWords(int64_t words) override {
    shared_.remote_words.store(words, std::memory_order_relaxed);
  }
  bool HooksAskToStop() const override { return shared_.HooksAskToStop(); }
  void StopWorkers() override { shared_.companion_stop.store(true); }
  void AbortWorkers() override { shared_.stop.store(true); }
  bool WorkersDone() const override {
    std::lock_guard<std::mutex> lock(shared_.done_mutex);
    return shared_.done_workers == shared_.config.threads;
  }
  absl::Status WorkerFailure() const override {
    std::lock_guard<std::mutex> lock(shared_.done_mutex);
    return shared_.failure;
  }
  void WaitForWorkers(double seconds) override {
    std::unique_lock<std::mutex> lock(shared_.done_mutex);
    shared_.workers_returned.wait_for(
        lock, std::chrono::duration<double>(seconds),
        [this] { return shared_.done_workers == shared_.config.threads; });
  }

 private:
  Shared& shared_;
};

class Worker {
 public:
  // `thread`: the worker's number over all processes (Shared::first_worker
  // on); `state`: InitialWorkerState's, or the state a stopped run left.
  Worker(Shared& shared, int thread, const WorkerState& state)
      : shared_(shared),
        config_(shared.config),
        thread_(thread),
        state_(state),
        limits_(BatchLimitsFor(config_)),
        builder_(limits_.rows, limits_.inputs, limits_.positives, config_.dim),
        workspace_(shared.objective.NewWorkspace(
            {.max_rows = limits_.rows,
             .max_positives = limits_.positives,
             .stride = shared.model.output.stride()})),
        guard_(shared.divergence_limits,
               Rng::StreamSeed(config_.seed, kGuardStreams + thread)),
        in_batch_(FindObjective(config_.objective)->in_batch_negatives),
        false_negatives_(in_batch_ ? limits_.rows : 0, config_.window) {
    params_.vectors = shared.model.output.data();
    params_.bias =
        shared.model.bias.empty() ? nullptr : shared.model.bias.data();
    params_.stride = shared.model.output.stride();
    params_.vocab_size = shared.model.vocab_size();
    sentence_.reserve(kMaxSentenceTokens);
    context_.reserve(2 * config_.window);
    if (shared.subwords != nullptr) {
      composer_ = std::make_unique<SubwordComposer>(
          *shared.subwords, SubwordSlots(limits_, config_.window), config_.dim);
    }
  }

  // Where the worker stands. REQUIRES: Run() returned.
  const WorkerState& state() const { return state_; }

  bool stopped() const { return stopped_; }
  const FalseNegativeCounter& false_negatives() const {
    return false_negatives_;
  }

  // Trains to the end, or until the hooks ask to stop: then the worker
  // finishes the batch under way (so that nothing but the state below is
  // needed to continue) and returns with stopped() true.
  absl::Status Run() {
    if (state_.finished) return absl::OkStatus();
    if (in_batch_ && config_.in_batch_cursors > 1) return RunSpread();
    for (; state_.epoch < config_.epochs;
         ++state_.epoch, state_.sentences = 0) {
      ASSIGN_OR_RETURN(
          std::unique_ptr<TokenReader> reader,
          shared_.corpus.OpenShard(thread_, shared_.total_workers));
      RETURN_IF_ERROR(SkipSentences(*reader, state_.sentences));
      while (true) {
        const bool more = ReadSentence(*reader);
        if (!reader->status().ok()) return reader->status();
        if (!more) break;
        TrainSentence();
        ++state_.sentences;
        if (state_.unpublished_words >= shared_.publish_every) {
          RETURN_IF_ERROR(Publish());
          if (shared_.stop.load(std::memory_order_relaxed)) {
            return absl::OkStatus();
          }
          stopping_ = stopping_ || shared_.StopRequested();
        }
        if (stopping_ && builder_.rows() == 0) {
          stopped_ = true;
          return absl::OkStatus();
        }
      }
    }
    Step();  // a last partial batch
    state_.finished = true;
    return Publish();
  }

 private:
  // Moves a resumed worker's reader past the sentences it already trained,
  // without touching the RNG (which was restored as it stood after them).
  absl::Status SkipSentences(TokenReader& reader, int64_t sentences) {
    absl::string_view token;
    for (int64_t n = 0; n < sentences;) {
      const TokenEvent event = reader.Next(&token);
      if (event == TokenEvent::kEndOfSentence) ++n;
      if (event == TokenEvent::kEnd) {
        RETURN_IF_ERROR(reader.status());
        return absl::FailedPreconditionError(absl::StrCat(
            "cannot resume: shard ", thread_, " of the corpus has ", n,
            " sentences, the checkpoint had read ", sentences,
            "; the corpus changed"));
      }
    }
    return absl::OkStatus();
  }

  // Fills sentence_ with the ids of one sentence's kept words; false at the
  // end of the shard.
  bool ReadSentence(TokenReader& reader) {
    return ReadSentence(reader, state_.rng, sentence_, true);
  }

  // The same into `sentence`, subsampling with `rng`; counts the words read
  // unless `count` is false (a resumed cursor re-reading a sentence).
  bool ReadSentence(TokenReader& reader, Rng& rng,
                    std::vector<int32_t>& sentence, bool count) {
    sentence.clear();
    absl::string_view token;
    while (true) {
      const TokenEvent event = reader.Next(&token);
      if (event == TokenEvent::kEnd) return false;
      if (event == TokenEvent::kEndOfSentence) return true;
      const int32_t id = shared_.vocab.Find(token);
      if (id < 0) continue;
      if (count) ++state_.unpublished_words;
      const float keep = shared_.keep[id];
      if (keep < 1.0f && keep < rng.UniformFloat()) continue;
      sentence.push_back(id);
    }
  }

  // word2vec's shrinking window around pos in a sentence of n words: its
  // size is uniform in [1, window]. Sets [first, last]; false when it holds
  // no other position.
  bool DrawWindow(int pos, int n, int& first, int& last) {
    const int window =
        config_.window - static_cast<int>(state_.rng.Uniform(config_.window));
    first = std::max(0, pos - window);
    last = std::min(n - 1, pos + window);
    return first != last;
  }

  void TrainSentence() {
    if (composer_ != nullptr) {
      TrainSentenceWithSubwords();
      return;
    }
    const int n = static_cast<int>(sentence_.size());
    const Matrix& input = shared_.model.input;
    for (int pos = 0; pos < n; ++pos) {
      int first, last;
      if (!DrawWindow(pos, n, first, last)) continue;
      const int32_t* centre = &sentence_[pos];
      if (config_.model == ModelType::kCbow) {
        context_.clear();
        for (int c = first; c <= last; ++c) {
          if (c != pos) context_.push_back(sentence_[c]);
        }
        builder_.AddRow(context_.data(), static_cast<int>(context_.size()),
                        centre, 1, input);
      } else if (limits_.shape == BatchShape::kCentreRows) {
        AddCentreRow(sentence_, pos, first, last);
      } else {
        for (int c = first; c <= last; ++c) {
          if (c != pos) builder_.AddRow(&sentence_[c], 1, centre, 1, input);
        }
      }
      if (limits_.shape == BatchShape::kContextRows ||
          builder_.rows() == builder_.max_rows()) {
        Step();
      }
    }
  }

  // Row: the centre word sentence[pos] with the words first..last around
  // it as positives.
  void AddCentreRow(const std::vector<int32_t>& sentence, int pos, int first,
                    int last) {
    context_.clear();
    for (int c = first; c <= last; ++c) {
      if (c != pos) context_.push_back(sentence[c]);
    }
    if (composer_ != nullptr) {
      const int32_t slot =
          composer_->BatchWord(sentence[pos], shared_.model.input);
      builder_.AddRow(&slot, 1, context_.data(),
                      static_cast<int>(context_.size()), composer_->vectors());
    } else {
      builder_.AddRow(&sentence[pos], 1, context_.data(),
                      static_cast<int>(context_.size()), shared_.model.input);
    }
    if (in_batch_) {
      false_negatives_.AddRow(sentence.data(),
                              static_cast<int>(sentence.size()), pos);
    }
  }

  // TrainSentence with subword-composed input vectors (subword_composer.h):
  // the same windows, rows and batches, over slots of composed vectors. A
  // window per Step (kContextRows) reads the sentence's positions, each
  // composed once and scattered once the window has moved past it; batches
  // of windows (kCentreRows) compose their input words per row, which for
  // skip-gram is each centre word once.
  void TrainSentenceWithSubwords() {
    SubwordComposer& composer = *composer_;
    Matrix& input = shared_.model.input;
    const Matrix& slots = composer.vectors();
    const bool cbow = config_.model == ModelType::kCbow;
    const bool positions = limits_.shape == BatchShape::kContextRows;
    const int n = static_cast<int>(sentence_.size());
    composer.StartSentence(sentence_.data());
    for (int pos = 0; pos < n; ++pos) {
      int first, last;
      if (!DrawWindow(pos, n, first, last)) continue;
      const int32_t* centre = &sentence_[pos];
      context_.clear();
      if (positions) {
        for (int c = first; c <= last; ++c) {
          if (c != pos) context_.push_back(composer.Position(c, input));
        }
        if (cbow) {
          builder_.AddRow(context_.data(), static_cast<int>(context_.size()),
                          centre, 1, slots);
        } else {
          for (const int32_t& slot : context_) {
            builder_.AddRow(&slot, 1, centre, 1, slots);
          }
        }
        Step();
        // No later centre's window reaches back to pos - window.
        composer.RetireBefore(pos - config_.window + 1, input);
        continue;
      }
      if (cbow) {
        for (int c = first; c <= last; ++c) {
          if (c != pos)
            context_.push_back(composer.BatchWord(sentence_[c], input));
        }
        builder_.AddRow(context_.data(), static_cast<int>(context_.size()),
                        centre, 1, slots);
      } else {
        AddCentreRow(sentence_, pos, first, last);
      }
      if (builder_.rows() == builder_.max_rows()) Step();
    }
    if (positions) composer.RetireAll(input);
  }

  void Step() {
    if (builder_.rows() == 0) return;
    if (in_batch_ && batches_++ % kFalseNegativeSampling == 0) {
      false_negatives_.Count(builder_.batch());
    }
    const StepResult result = shared_.objective.Step(
        builder_.batch(), state_.lr, params_, *workspace_, state_.rng);
    if (composer_ != nullptr) {
      builder_.ApplyHiddenGradients(composer_->vectors());
      builder_.ApplyHiddenGradients(composer_->gradients());
      if (limits_.shape == BatchShape::kCentreRows) {
        composer_->ScatterBatchWords(shared_.model.input);
      }
    } else {
      builder_.ApplyHiddenGradients(shared_.model.input);
    }
    builder_.Clear();
    if (in_batch_) false_negatives_.Clear();
    state_.loss += result.loss;
    state_.pairs += result.pairs;
  }

  absl::Status Publish() {
    // Each worker is the only writer of its counters.
    WorkerCounters& counters = shared_.counters[thread_ - shared_.first_worker];
    state_.published_words += state_.unpublished_words;
    state_.unpublished_words = 0;
    counters.words.store(state_.published_words, std::memory_order_relaxed);
    counters.loss.store(state_.loss, std::memory_order_relaxed);
    counters.pairs.store(state_.pairs, std::memory_order_relaxed);
    state_.lr = shared_.LearningRate(shared_.WordsDone());
    shared_.MaybeRecordCurvePoint();
    const int64_t done = shared_.WordsDone();
    absl::Status status = guard_.Check(
        state_.loss,
        static_cast<double>(done) / std::max<int64_t>(1, shared_.total_words),
        done, shared_.model);
    if (!status.ok()) shared_.stop.store(true);
    return status;
  }

  // Spread batches (TrainConfig::in_batch_cursors > 1, in-batch negatives):
  // the shard is cut into one part per cursor, and the cursors give a
  // batch's centre words in turn, so that rows come from far-off text. A
  // cursor gives its part's centre words in order, exactly as the straight
  // path would (the same windows and subsampling, from its own stream).
  // Stops only right after a Step, with an empty batch: the cursors' states
  // then say where to go on, bit for bit.
  absl::Status RunSpread() {
    const int n = config_.in_batch_cursors;
    for (; state_.epoch < config_.epochs; ++state_.epoch) {
      if (state_.cursors.empty()) {
        for (int c = 0; c < n; ++c) {
          CursorState cursor;
          cursor.rng = Rng(Rng::StreamSeed(
              config_.seed,
              kCursorStreams + static_cast<uint64_t>(thread_) * n + c));
          state_.cursors.push_back(cursor);
        }
      }
      RETURN_IF_ERROR(OpenCursors());
      int active = 0;
      for (const CursorState& cursor : state_.cursors) active += !cursor.done;
      while (active > 0) {
        const int c = state_.next_cursor;
        state_.next_cursor = (c + 1) % n;
        if (state_.cursors[c].done) continue;
        ASSIGN_OR_RETURN(const bool row, NextCentreRow(c));
        if (!row) {
          --active;
          continue;
        }
        if (builder_.rows() < builder_.max_rows()) continue;
        Step();
        if (state_.unpublished_words >= shared_.publish_every) {
          RETURN_IF_ERROR(Publish());
          if (shared_.stop.load(std::memory_order_relaxed)) {
            return absl::OkStatus();
          }
          stopping_ = stopping_ || shared_.StopRequested();
        }
        if (stopping_) {
          stopped_ = true;
          return absl::OkStatus();
        }
      }
      for (CursorState& cursor : state_.cursors) {
        cursor.sentences = 0;
        cursor.position = 0;
        cursor.done = false;
      }
      state_.next_cursor = 0;
    }
    Step();  // a last partial batch
    state_.finished = true;
    return Publish();
  }

  // Opens every cursor's part where its state says: past its finished
  // sentences and, mid-sentence, re-reading the sentence with the stream it
  // was read with and redrawing the windows already used.
  absl::Status OpenCursors() {
    const int n = config_.in_batch_cursors;
    cursors_.resize(n);
    for (int c = 0; c < n; ++c) {
      const CursorState& state = state_.cursors[c];
      Cursor& cursor = cursors_[c];
      ASSIGN_OR_RETURN(
          cursor.reader,
          shared_.corpus.OpenShard(thread_ * n + c, shared_.total_workers * n));
      cursor.rng = state.rng;
      if (state.done) continue;
      RETURN_IF_ERROR(SkipSentences(*cursor.reader, state.sentences));
      if (state.position == 0) continue;
      if (!ReadSentence(*cursor.reader, cursor.rng, cursor.sentence, false) ||
          static_cast<int>(cursor.sentence.size()) < state.position) {
        RETURN_IF_ERROR(cursor.reader->status());
        return absl::FailedPreconditionError(
            absl::StrCat("cannot resume: part ", c, " of shard ", thread_,
                         " of the corpus ends before where the checkpoint "
                         "stood; the corpus changed"));
      }
      for (int p = 0; p < state.position; ++p) {
        cursor.rng.Uniform(config_.window);
      }
    }
    return absl::OkStatus();
  }

  // Adds cursor c's next centre word with its window to the batch; false
  // (and the cursor done) at the end of its part.
  absl::StatusOr<bool> NextCentreRow(int c) {
    CursorState& state = state_.cursors[c];
    Cursor& cursor = cursors_[c];
    while (true) {
      if (state.position == 0) {
        state.rng = cursor.rng;
        const bool more =
            ReadSentence(*cursor.reader, cursor.rng, cursor.sentence, true);
        RETURN_IF_ERROR(cursor.reader->status());
        if (!more) {
          state.rng = cursor.rng;
          state.done = true;
          return false;
        }
        if (cursor.sentence.empty()) {
          ++state.sentences;
          state.rng = cursor.rng;
          continue;
        }
      }
      const int size = static_cast<int>(cursor.sentence.size());
      const int pos = state.position++;
      const int window =
          config_.window - static_cast<int>(cursor.rng.Uniform(config_.window));
      if (state.position == size) {
        ++state.sentences;
        state.position = 0;
        state.rng = cursor.rng;
      }
      const int first = std::max(0, pos - window);
      const int last = std::min(size - 1, pos + window);
      if (first == last) continue;
      AddCentreRow(cursor.sentence, pos, first, last);
      return true;
    }
  }

  // What a cursor holds besides its CursorState.
  struct Cursor {
    std::unique_ptr<TokenReader> reader;
    Rng rng{0};  // the stream as it stands
    std::vector<int32_t> sentence;
  };

  Shared& shared_;
  const TrainConfig& config_;
  const int thread_;
  WorkerState state_;
  const BatchLimits limits_;
  BatchBuilder builder_;
  std::unique_ptr<Workspace> workspace_;
  OutputParams params_;
  std::vector<int32_t> sentence_;
  std::vector<int32_t> context_;
  DivergenceGuard guard_;
  std::unique_ptr<SubwordComposer> composer_;  // with n-grams only
  bool stopping_ = false;  // asked to stop; waiting for an empty batch
  bool stopped_ = false;
  // Objectives with in-batch negatives: their false negatives are counted
  // and their batches may be spread (RunSpread).
  const bool in_batch_;
  FalseNegativeCounter false_negatives_;
  int64_t batches_ = 0;
  std::vector<Cursor> cursors_;
};

// A worker's state at the start of a run: its own random stream of the seed.
WorkerState InitialWorkerState(const TrainConfig& config, int thread) {
  WorkerState state;
  state.rng = Rng(Rng::StreamSeed(config.seed, thread));
  state.lr = static_cast<float>(config.lr);
  return state;
}

// Reports progress from the shared counters while the workers run (reading
// atomics only) and, once they stop, assembles the result and loss curve.
class Monitor {
 public:
  Monitor(const Shared& shared, const TrainHooks& hooks)
      : shared_(shared), hooks_(hooks) {}

  void Run(const std::atomic<bool>& done) {
    double next_report = hooks_.interval_seconds;
    while (!done.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      const Sample sample = shared_.Take();
      if (hooks_.progress && sample.seconds >= next_report) {
        hooks_.progress(Snapshot(sample, last_report_), false);
        last_report_ = sample;
        next_report = sample.seconds + hooks_.interval_seconds;
      }
    }
  }

  // REQUIRES: the workers have stopped.
  TrainResult Finish() {
    const Sample end = shared_.Take();
    std::vector<Sample> points = shared_.curve;
    // Two workers may record steps in the other order.
    std::sort(
        points.begin(), points.end(),
        [](const Sample& a, const Sample& b) { return a.words < b.words; });
    if (points.empty() || end.pairs > points.back().pairs)
      points.push_back(end);
    TrainResult result;
    Sample before;
    Sample tail;
    bool have_tail = false;
    for (const Sample& point : points) {
      if (point.pairs <= before.pairs) continue;  // no loss to report
      result.loss_curve.push_back(Snapshot(point, before));
      before = point;
      if (!have_tail && Fraction(point.words) >= 0.95 &&
          point.pairs < end.pairs) {
        tail = point;
        have_tail = true;
      }
    }
    result.seconds = end.seconds;
    result.words = end.words;
    result.in_batch_negatives = shared_.in_batch_negatives.load();
    result.false_negatives = shared_.false_negatives.load();
    result.words_per_sec_per_thread = WordsPerSecPerThread(end);
    result.mean_loss = end.pairs > 0 ? end.loss / end.pairs : 0;
    result.final_loss = end.pairs > tail.pairs
                            ? (end.loss - tail.loss) / (end.pairs - tail.pairs)
                            : result.mean_loss;
    if (hooks_.progress) hooks_.progress(Snapshot(end, Sample{}), true);
    return result;
  }

 private:
  double Fraction(int64_t words) const {
    return shared_.total_words > 0
               ? std::min(1.0, static_cast<double>(words) / shared_.total_words)
               : 1.0;
  }

  double WordsPerSecPerThread(const Sample& sample) const {
    return sample.seconds > 0
               ? sample.words / sample.seconds / shared_.total_workers
               : 0;
  }

  TrainProgress Snapshot(const Sample& now, const Sample& before) const {
    TrainProgress p;
    p.seconds = now.seconds;
    p.words = now.words;
    p.fraction = Fraction(now.words);
    p.words_per_sec_per_thread = WordsPerSecPerThread(now);
    p.processes = shared_.total_workers / shared_.config.threads;
    p.words_per_sec = p.words_per_sec_per_thread * shared_.total_workers;
    p.lr = shared_.LearningRate(now.words);
    p.loss = now.pairs > before.pairs
                 ? (now.loss - before.loss) / (now.pairs - before.pairs)
                 : 0;
    p.eta_seconds =
        p.fraction > 0 ? now.seconds * (1 - p.fraction) / p.fraction : 0;
    return p;
  }

  const Shared& shared_;
  const TrainHooks& hooks_;
  Sample last_report_;
};

}  // namespace

absl::StatusOr<EmbeddingModel> NewModel(const TrainConfig& config,
                                        const Vocab& vocab, bool bias) {
  RETURN_IF_ERROR(config.Validate());
  return EmbeddingModel::Create(
      vocab.counts(),
      FindObjective(config.objective)->output_rows(vocab.size()), config.dim,
      bias, config.seed, config.subwords.ngram_rows());
}

absl::StatusOr<TrainResult> Train(const TrainConfig& config,
                                  const Corpus& corpus, const Vocab& vocab,
                                  EmbeddingModel& model,
                                  const TrainHooks& hooks, TrainState* state) {
  RETURN_IF_ERROR(config.Validate());
  const ObjectiveInfo& info = *FindObjective(config.objective);
  const int64_t output_rows = info.output_rows(vocab.size());
  if (model.vocab_size() != vocab.size() || model.dim() != config.dim ||
      model.output.rows() != output_rows) {
    return absl::InvalidArgumentError(absl::StrCat(
        "model is ", model.vocab_size(), " x ", model.dim(), " with ",
        model.output.rows(), " output rows but the vocabulary has ",
        vocab.size(), " words, TrainConfig::dim is ", config.dim, " and ",
        config.objective, " trains ", output_rows, " output rows"));
  }
  ObjectiveOptions options = config.objective_options;
  options.output_bias = !model.bias.empty();
  if (options.output_bias && !info.output_bias_allowed) {
    return absl::InvalidArgumentError(
        absl::StrCat("ObjectiveOptions::output_bias: ", config.objective,
                     " has no output biases, but the model has"));
  }
  const int64_t buckets = config.subwords.ngram_rows();
  if (model.ngram_rows != buckets) {
    return absl::InvalidArgumentError(
        absl::StrCat("model has ", model.ngram_rows,
                     " n-gram rows but SubwordOptions::bucket is ", buckets,
                     config.subwords.enabled() ? "" : " (no n-grams)"));
  }
  std::optional<SubwordIndex> subwords;
  if (config.subwords.enabled()) {
    subwords = SubwordIndex::Build(vocab.words(), config.subwords);
  }
  ASSIGN_OR_RETURN(AliasSampler noise,
                   AliasSampler::Create(vocab.counts(), config.noise_power));
  ASSIGN_OR_RETURN(
      std::unique_ptr<Objective> objective,
      CreateObjective(config.objective, options, noise, vocab.counts()));
  Shared shared(config, corpus, vocab, model, *objective, hooks,
                subwords ? &*subwords : nullptr);
  const bool resume = state != nullptr && !state->workers.empty();
  std::vector<WorkerState> workers;
  if (resume) {
    if (static_cast<int>(state->workers.size()) != shared.total_workers) {
      return absl::InvalidArgumentError(absl::StrCat(
          "TrainConfig::threads: the run to resume had ", state->workers.size(),
          " threads (over all processes), each with its own shard; got ",
          shared.total_workers / config.threads, " processes x ",
          config.threads));
    }
    if (state->corpus_bytes != corpus.total_bytes()) {
      return absl::FailedPreconditionError(
          absl::StrCat("cannot resume: the corpus is ", corpus.total_bytes(),
                       " bytes, the run to resume read ", state->corpus_bytes,
                       "; it must be the same corpus"));
    }
    int64_t remote_words = 0;
    for (const WorkerState& w : state->workers) {
      remote_words += w.published_words;
    }
    for (int t = 0; t < config.threads; ++t) {
      const WorkerState& w = state->workers[shared.first_worker + t];
      shared.counters[t].words.store(w.published_words);
      shared.counters[t].loss.store(w.loss);
      shared.counters[t].pairs.store(w.pairs);
      remote_words -= w.published_words;
      workers.push_back(w);
    }
    shared.remote_words = remote_words;
    shared.curve = state->curve;
    if (!state->curve.empty()) {
      shared.curve_steps = static_cast<int>(std::min<int64_t>(
          kLossCurvePoints, state->curve.back().words * kLossCurvePoints /
                                std::max<int64_t>(1, shared.total_words)));
    }
    shared.seconds_before = state->seconds;
  } else {
    for (int t = 0; t < config.threads; ++t) {
      workers.push_back(InitialWorkerState(config, shared.first_worker + t));
    }
  }
  Monitor monitor(shared, hooks);
  std::atomic<bool> done{false};
  std::thread monitor_thread([&] { monitor.Run(done); });
  std::vector<absl::Status> statuses(config.threads);
  std::atomic<bool> stopped{false};
  CompanionControl control(shared);
  absl::Status companion_status;
  std::thread companion_thread;
  if (hooks.companion != nullptr) {
    companion_thread =
        std::thread([&] { companion_status = hooks.companion->Run(control); });
  }
  {
    // The threads are ours (Hogwild); sgemm inside one must not start more.
    const SingleThreadedBlas single_threaded_blas;
    // Threads of our own rather than an OpenMP team: a team may be smaller
    // than asked (OMP_THREAD_LIMIT, OMP_DYNAMIC, a caller's parallel region),
    // and a shard without its thread would go untrained.
    std::vector<std::thread> threads;
    threads.reserve(config.threads);
    for (int t = 0; t < config.threads; ++t) {
      threads.emplace_back([&, t] {
        Worker worker(shared, shared.first_worker + t, workers[t]);
        statuses[t] = worker.Run();
        if (!statuses[t].ok()) shared.stop.store(true);
        workers[t] = worker.state();
        shared.in_batch_negatives += worker.false_negatives().negatives();
        shared.false_negatives += worker.false_negatives().false_negatives();
        if (worker.stopped()) stopped.store(true);
        std::lock_guard<std::mutex> lock(shared.done_mutex);
        if (shared.failure.ok()) shared.failure = statuses[t];
        ++shared.done_workers;
        shared.workers_returned.notify_all();
      });
    }
    for (std::thread& thread : threads) thread.join();
    // The companion's last merge of the model comes after the workers.
    if (companion_thread.joinable()) companion_thread.join();
  }
  done.store(true);
  monitor_thread.join();
  // A companion reports every process's failure, this one's included.
  RETURN_IF_ERROR(companion_status);
  for (const absl::Status& status : statuses) RETURN_IF_ERROR(status);
  if (stopped.load() || shared.companion_stop.load()) {
    TrainResult result = monitor.Finish();
    result.stopped = true;
    if (state != nullptr) {
      state->workers.resize(shared.total_workers);
      std::copy(workers.begin(), workers.end(),
                state->workers.begin() + shared.first_worker);
      std::lock_guard<std::mutex> lock(shared.curve_mutex);
      state->curve = shared.curve;
      state->seconds = result.seconds;
      state->corpus_bytes = corpus.total_bytes();
    }
    return result;
  }
  // A vocabulary read from a file may share no word with the corpus; the
  // vectors would be their random initial values.
  if (shared.WordsDone() == 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("no word of the vocabulary (", vocab.size(),
                     " words) occurs in the corpus; nothing was trained"));
  }
  return monitor.Finish();
}

}  // namespace nce2vec
