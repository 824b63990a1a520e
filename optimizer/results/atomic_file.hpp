// Replaces a file so that a crash at any instant leaves either the old or the
// new content, never a mix: write a temporary file in the same folder, fsync
// it, rename it over the target, fsync the folder (so the rename is durable).
#pragma once

#include <string>
#include <string_view>

namespace l2l {

// Throws std::runtime_error naming the path and the failing call (errno text).
void write_file_atomically(const std::string& path, std::string_view bytes);

// The temporary file write_file_atomically uses for `path` (left behind only by a crash).
std::string atomic_temporary_path(const std::string& path);

}  // namespace l2l
