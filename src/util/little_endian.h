// Fixed-width values as little-endian bytes, whatever the host's byte order,
// for binary files that must read the same on every machine (checkpoints).
#ifndef NCE2VEC_UTIL_LITTLE_ENDIAN_H_
#define NCE2VEC_UTIL_LITTLE_ENDIAN_H_

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>

namespace nce2vec {

// The unsigned integer a value of T travels as: T itself for unsigned
// integers, its two's complement for signed ones, its bits for floats, 0 or 1
// for bool.
template <typename T>
using LittleEndianBits = std::conditional_t<
    sizeof(T) == 1, uint8_t,
    std::conditional_t<sizeof(T) == 2, uint16_t,
                       std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>>>;

template <typename T>
void AppendLittleEndian(std::string& out, T value) {
  static_assert(std::is_arithmetic_v<T> && sizeof(T) <= 8);
  using Bits = LittleEndianBits<T>;
  Bits bits;
  if constexpr (std::is_same_v<T, bool>) {
    bits = value ? 1 : 0;
  } else {
    bits = std::bit_cast<Bits>(value);
  }
  for (size_t i = 0; i < sizeof(T); ++i) {
    out.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
  }
}

// Reads sizeof(T) bytes. A bool is true for any non-zero byte.
template <typename T>
T LoadLittleEndian(const char* bytes) {
  static_assert(std::is_arithmetic_v<T> && sizeof(T) <= 8);
  using Bits = LittleEndianBits<T>;
  Bits bits = 0;
  for (size_t i = 0; i < sizeof(T); ++i) {
    bits |= static_cast<Bits>(static_cast<uint8_t>(bytes[i])) << (8 * i);
  }
  if constexpr (std::is_same_v<T, bool>) {
    return bits != 0;
  } else {
    return std::bit_cast<T>(bits);
  }
}

}  // namespace nce2vec

#endif  // NCE2VEC_UTIL_LITTLE_ENDIAN_H_
