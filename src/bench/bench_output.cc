#include "src/bench/bench_output.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "src/bench/plots.h"
#include "src/bench/png_convert.h"
#include "src/bench/report.h"
#include "src/util/atomic_file.h"
#include "src/util/status_macros.h"

namespace nce2vec {
namespace {

absl::Status WriteWhole(const std::string& path, const std::string& text) {
  ASSIGN_OR_RETURN(auto file, AtomicFile::Create(path));
  RETURN_IF_ERROR(file->Write(text));
  return file->Commit();
}

}  // namespace

absl::StatusOr<std::vector<std::string>> WriteBenchResults(
    const BenchReport& report, const std::string& dir) {
  RETURN_IF_ERROR(WriteWhole(dir + "/results.json", ResultsJson(report)));
  RETURN_IF_ERROR(WriteWhole(dir + "/results.csv", ResultsCsv(report)));
  return WriteBenchFigures(report, dir);
}

std::vector<std::string> WritePngCopies(const std::vector<std::string>& svgs,
                                        std::vector<std::string>* notes) {
  std::vector<std::string> pngs;
  const std::string converter = FindPngConverter();
  if (converter.empty()) {
    notes->push_back(
        "no PNG copies of the plots: neither rsvg-convert nor convert is "
        "installed");
    return pngs;
  }
  for (const std::string& svg : svgs) {
    std::string png = svg;
    if (absl::EndsWith(png, ".svg")) png.resize(png.size() - 4);
    png += ".png";
    if (absl::Status s = ConvertSvgToPng(converter, svg, png); !s.ok()) {
      notes->push_back(absl::StrCat("no PNG copy of ", svg, ": ", s.message()));
      continue;
    }
    pngs.push_back(png);
  }
  return pngs;
}

}  // namespace nce2vec
