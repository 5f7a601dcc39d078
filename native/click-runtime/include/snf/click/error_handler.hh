// ErrorHandler: where element code reports errors, warnings and messages (configure,
// initialize, handlers), modelled on Click's ErrorHandler. Concrete handlers decide where
// text goes: into the frontend's Diagnostics with a landmark and a "While configuring"
// context line, into a string (for handler calls over the ControlSocket), or nowhere.
#pragma once

#include <cerrno>
#include <string>
#include <string_view>
#include <vector>

#include "snf/click/diagnostics.hh"

namespace snf::click {

class ErrorHandler {
public:
    enum class Level { Message, Warning, Error };

    virtual ~ErrorHandler() = default;

    // Reports an error; returns -EINVAL so callers can `return errh->error(...)`.
    int error(std::string_view text);
    void warning(std::string_view text);
    void message(std::string_view text);

    int nerrors() const noexcept { return errors_; }
    int nwarnings() const noexcept { return warnings_; }

protected:
    virtual void emit(Level level, std::string_view text) = 0;

private:
    int errors_ = 0;
    int warnings_ = 0;
};

// Discards every report (but still counts them).
class SilentErrorHandler final : public ErrorHandler {
protected:
    void emit(Level, std::string_view) override {}
};

// Collects reports as lines; warnings get "warning: " in front, as Click prints them.
class StringErrorHandler final : public ErrorHandler {
public:
    struct Entry {
        Level level;
        std::string text;
    };
    const std::vector<Entry>& entries() const noexcept { return entries_; }
    // Every report, one per line, newline-terminated.
    std::string text() const;

protected:
    void emit(Level level, std::string_view text) override;

private:
    std::vector<Entry> entries_;
};

// Reports into Diagnostics with a fixed landmark ("file:line", may be empty).
class DiagnosticsErrorHandler final : public ErrorHandler {
public:
    DiagnosticsErrorHandler(Diagnostics& diagnostics, std::string landmark)
        : diagnostics_(diagnostics), landmark_(std::move(landmark)) {}

protected:
    void emit(Level level, std::string_view text) override;

private:
    Diagnostics& diagnostics_;
    std::string landmark_;
};

// Click's context error handler: each report becomes one diagnostic at `landmark` whose
// message is the context line ("While configuring 'q :: Queue':") followed by the report
// indented by two spaces. Click prints the context once per element; see
// format_click_diagnostics().
class ContextErrorHandler final : public ErrorHandler {
public:
    ContextErrorHandler(Diagnostics& diagnostics, std::string landmark, std::string context)
        : diagnostics_(diagnostics), landmark_(std::move(landmark)), context_(std::move(context)) {}

protected:
    void emit(Level level, std::string_view text) override;

private:
    Diagnostics& diagnostics_;
    std::string landmark_;
    std::string context_;
};

// Puts a prefix ("CAPACITY: ") in front of every line reported, then forwards.
class PrefixErrorHandler final : public ErrorHandler {
public:
    PrefixErrorHandler(ErrorHandler* target, std::string prefix) : target_(target), prefix_(std::move(prefix)) {}

protected:
    void emit(Level level, std::string_view text) override;

private:
    ErrorHandler* target_;
    std::string prefix_;
};

// Renders diagnostics the way Click's error handlers print them: "landmark: message" for
// plain entries; for context entries ("...:\n  detail") the context line once with its
// landmark and each indented detail line without one. Every line ends with '\n'.
std::string format_click_diagnostics(const Diagnostics& diagnostics);

}  // namespace snf::click
