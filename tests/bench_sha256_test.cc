// SHA-256 against the FIPS 180-4 examples and sha256sum.
#include <string>

#include "gtest/gtest.h"
#include "src/bench/sha256.h"
#include "tests/test_util.h"

namespace nce2vec {
namespace {

std::string Digest(absl::string_view data) {
  Sha256 hash;
  hash.Update(data);
  return hash.HexDigest();
}

TEST(Sha256Test, StandardExamples) {
  EXPECT_EQ(Digest(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Digest(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256Test, PiecewiseUpdatesGiveTheSameDigest) {
  std::string data;
  for (int i = 0; i < 1000; ++i) data += static_cast<char>(i * 7 + i / 13);
  for (size_t piece : {1, 3, 55, 56, 63, 64, 65, 200}) {
    Sha256 hash;
    for (size_t i = 0; i < data.size(); i += piece) {
      hash.Update(absl::string_view(data).substr(i, piece));
    }
    EXPECT_EQ(hash.HexDigest(), Digest(data)) << piece;
  }
}

TEST(Sha256Test, FileMatchesSha256sum) {
  const std::string dir = testing::TempDir();
  std::string text;
  for (int i = 0; i < 300000; ++i)
    text += "word" + std::to_string(i % 97) + " ";
  const std::string path = testing::WriteTempFile(dir, "corpus.txt", text);
  std::string output;
  ASSERT_EQ(testing::RunCommand("sha256sum " + path, &output), 0);
  absl::StatusOr<std::string> digest = Sha256File(path);
  ASSERT_TRUE(digest.ok()) << digest.status();
  EXPECT_EQ(*digest, output.substr(0, 64));
  EXPECT_FALSE(Sha256File(dir + "/missing.txt").ok());
}

}  // namespace
}  // namespace nce2vec
