// Collector of configuration errors, warnings and notes, each tied to a "file:line"
// landmark. Like Click's error handlers, the parser reports every problem it finds and
// keeps going, so one run shows all the errors of a configuration.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace snf::click {

enum class Severity { Error, Warning, Note };

struct Diagnostic {
    Severity severity = Severity::Error;
    std::string landmark;  // "file:line", or empty when the problem has no place
    std::string message;   // may span several lines; each printed line gets the landmark

    // "file:line: message" ("file:line: warning: message" for warnings).
    std::string to_string() const;
};

class Diagnostics {
public:
    void error(std::string landmark, std::string message);
    void warning(std::string landmark, std::string message);
    // Context for the previous error ("previously declared here", candidate lists).
    void note(std::string landmark, std::string message);

    std::size_t error_count() const noexcept { return errors_; }
    std::size_t warning_count() const noexcept { return warnings_; }
    bool has_errors() const noexcept { return errors_ != 0; }
    const std::vector<Diagnostic>& entries() const noexcept { return entries_; }

    // Every entry, one printed line each, in the order they were reported.
    std::string to_string() const;
    void clear();

private:
    std::vector<Diagnostic> entries_;
    std::size_t errors_ = 0;
    std::size_t warnings_ = 0;
};

}  // namespace snf::click
