/*
 * snf_router.h: the StatelessNF Click-compatible router, a C ABI over the embedded
 * runtime (native/click-runtime).
 *
 * A router is created from Click configuration text. Creation parses, checks, configures
 * and initializes it; every problem found is reported in a diagnostics list (file, line,
 * severity, message per entry), which is returned whether or not creation succeeded.
 * The router then runs on the thread that calls snf_router_run / snf_router_run_rounds;
 * snf_router_stop may be called from any thread (and counts one stop request, like a
 * write to Click's "stop" handler). Handlers are named "element.handler" (or just
 * "handler" for global ones such as "version", "list", "config", "flatconfig").
 *
 * Conventions (as in snf_client.h): every function returns an int32_t status
 * (SNF_ROUTER_OK or an snf_router_status error) unless it says otherwise; out-parameters
 * are written only on success unless said otherwise; text and binary data come with
 * explicit lengths; every snf_router_*_create has an snf_router_*_free. After a failure,
 * snf_router_last_error(router) describes the calling thread's last failed call on that
 * router.
 *
 * Threads: snf_router_stop, snf_router_read_handler and snf_router_write_handler are safe
 * from any thread; while a run is active on another thread, handler calls are carried out
 * on the router's thread between two scheduler rounds. Other calls must not overlap a
 * run. Free a router only when no call on it is in progress.
 */
#ifndef SNF_ROUTER_H
#define SNF_ROUTER_H

#include <stddef.h>
#include <stdint.h>

#if defined(SNF_ROUTER_BUILDING_LIBRARY)
#define SNF_ROUTER_API __attribute__((visibility("default")))
#else
#define SNF_ROUTER_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes. Values are stable: they cross the ABI and are mapped to exceptions in C#. */
typedef enum snf_router_status {
    SNF_ROUTER_OK = 0,
    SNF_ROUTER_ERR_INVALID_ARGUMENT = 1,  /* a NULL handle or pointer, a bad length, ... */
    SNF_ROUTER_ERR_CONFIG = 2,            /* the configuration has errors (see diagnostics) */
    SNF_ROUTER_ERR_NO_SUCH_ELEMENT = 3,   /* no element with that name */
    SNF_ROUTER_ERR_NO_SUCH_HANDLER = 4,   /* the element (or router) has no such handler */
    SNF_ROUTER_ERR_NOT_READABLE = 5,      /* the handler is write-only */
    SNF_ROUTER_ERR_NOT_WRITABLE = 6,      /* the handler is read-only */
    SNF_ROUTER_ERR_HANDLER = 7,           /* the handler reported an error (see last_error) */
    SNF_ROUTER_ERR_BUFFER_TOO_SMALL = 8,  /* the value did not fit; the needed length was written */
    SNF_ROUTER_ERR_STOPPED = 9,           /* the router has stopped and will not run again */
    SNF_ROUTER_ERR_IO = 10,               /* a socket could not be opened */
    SNF_ROUTER_ERR_NO_MEMORY = 11,
    SNF_ROUTER_ERR_INTERNAL = 12,         /* a bug: please report it with the message */
    SNF_ROUTER_STATUS_COUNT = 13
} snf_router_status;

typedef enum snf_router_severity {
    SNF_ROUTER_SEVERITY_ERROR = 0,
    SNF_ROUTER_SEVERITY_WARNING = 1,
    SNF_ROUTER_SEVERITY_NOTE = 2
} snf_router_severity;

/* What a run ended with (snf_router_run_rounds). */
typedef enum snf_router_run_outcome {
    SNF_ROUTER_RUN_ROUNDS_DONE = 0,  /* the requested rounds ran; the router can run on */
    SNF_ROUTER_RUN_STOPPED = 1       /* the driver stopped (stop requests, DriverManager) */
} snf_router_run_outcome;

typedef struct snf_router snf_router;
typedef struct snf_router_diagnostics snf_router_diagnostics;

/* ---- Library ---------------------------------------------------------------------- */

/* The runtime's version, e.g. "0.1.0". Static string. */
SNF_ROUTER_API const char* snf_router_version(void);
/* The status's name, e.g. "SNF_ROUTER_ERR_CONFIG"; "SNF_ROUTER_ERR_UNKNOWN" otherwise. */
SNF_ROUTER_API const char* snf_router_status_name(int32_t status);
/* A one-line description of the status. Static string. */
SNF_ROUTER_API const char* snf_router_status_message(int32_t status);

/* ---- Router ----------------------------------------------------------------------- */

/* Creates a router from `config` (config_length bytes, no NUL needed). `filename` names
 * the text in diagnostics ("config" when NULL). `definitions` holds definition_count
 * NUL-terminated "NAME=value" strings that set $NAME parameters (may be NULL when the
 * count is 0). On SNF_ROUTER_ERR_CONFIG, *out_router is NULL. If out_diagnostics is not
 * NULL it receives the diagnostics list (possibly empty) whatever the status, to be freed
 * with snf_router_diagnostics_free. */
SNF_ROUTER_API int32_t snf_router_create(const char* config, size_t config_length, const char* filename,
                                         const char* const* definitions, uint32_t definition_count,
                                         snf_router** out_router, snf_router_diagnostics** out_diagnostics);
/* Cleans up every element and frees the router. NULL is ignored. */
SNF_ROUTER_API void snf_router_free(snf_router* router);
/* Message of the calling thread's last failed call on this router ("" if none). Valid
 * until that thread's next call on the router. */
SNF_ROUTER_API const char* snf_router_last_error(const snf_router* router);

/* Runs until the driver stops. Returns SNF_ROUTER_OK when it stopped cleanly. */
SNF_ROUTER_API int32_t snf_router_run(snf_router* router);
/* Runs at most `rounds` scheduler rounds without sleeping; *out_outcome (may be NULL)
 * receives an snf_router_run_outcome. A router that already stopped returns
 * SNF_ROUTER_ERR_STOPPED. */
SNF_ROUTER_API int32_t snf_router_run_rounds(snf_router* router, uint64_t rounds, int32_t* out_outcome);
/* Counts one stop request. Thread-safe; wakes a sleeping run. */
SNF_ROUTER_API int32_t snf_router_stop(snf_router* router);
/* *out_stopped = 1 once a run ended because the driver stopped, else 0. */
SNF_ROUTER_API int32_t snf_router_stopped(const snf_router* router, int32_t* out_stopped);

/* Calls read handler `name` ("element.handler" or a global name), passing
 * param_length bytes of parameters (param may be NULL when the length is 0). The value
 * (not NUL-terminated) goes to buffer; *out_length receives its length. If it does not
 * fit, returns SNF_ROUTER_ERR_BUFFER_TOO_SMALL with the needed length in *out_length. */
SNF_ROUTER_API int32_t snf_router_read_handler(snf_router* router, const char* name, const void* param,
                                               size_t param_length, char* buffer, size_t capacity,
                                               size_t* out_length);
/* Calls write handler `name` with value_length bytes (value may be NULL when 0). */
SNF_ROUTER_API int32_t snf_router_write_handler(snf_router* router, const char* name, const void* value,
                                                size_t value_length);

/* Serves Click's ControlSocket protocol on 127.0.0.1:port (0 picks a free port, written
 * to *out_port, which may be NULL), from the router's own thread while it runs. */
SNF_ROUTER_API int32_t snf_router_listen_tcp(snf_router* router, uint16_t port, uint16_t* out_port);
/* The same on a UNIX-domain socket at `path`. */
SNF_ROUTER_API int32_t snf_router_listen_unix(snf_router* router, const char* path);

/* ---- Diagnostics ------------------------------------------------------------------ */

SNF_ROUTER_API uint32_t snf_router_diagnostics_count(const snf_router_diagnostics* diagnostics);
/* Entry `index`: *out_file ("" when the entry has no place), *out_line (0 likewise),
 * *out_severity (an snf_router_severity) and *out_message (may span lines, e.g. "While
 * configuring 'q :: Queue':\n  CAPACITY: expected unsigned integer"). Strings stay
 * valid until the list is freed. Any out-parameter may be NULL. */
SNF_ROUTER_API int32_t snf_router_diagnostics_get(const snf_router_diagnostics* diagnostics, uint32_t index,
                                                  const char** out_file, uint32_t* out_line,
                                                  int32_t* out_severity, const char** out_message);
/* Every entry printed the way Click prints it ("file:line: message" lines), valid until
 * the list is freed. */
SNF_ROUTER_API const char* snf_router_diagnostics_text(const snf_router_diagnostics* diagnostics);
SNF_ROUTER_API void snf_router_diagnostics_free(snf_router_diagnostics* diagnostics);

#ifdef __cplusplus
}
#endif

#endif /* SNF_ROUTER_H */
