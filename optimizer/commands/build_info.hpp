#pragma once

namespace l2l {
const char* version();       // project version, e.g. "0.1.0"
const char* git_revision();  // `git describe --always --dirty` at build time
}  // namespace l2l
