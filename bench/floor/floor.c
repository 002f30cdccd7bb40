/*
 * floor: this machine's floor for the node's SSE fan-out, in plain C (bench/floor/README.md).
 *
 *   floor run  [options]   a writer (this process, pinned to --writer-cpu) holds N accepted loopback sockets and
 *                          writes the SSE event bytes the node writes, one write() per socket per message (or, with
 *                          --batch K, one writev() of K queued events per socket); a reader child (`floor read`,
 *                          pinned to --reader-cpu) holds the N client sockets, reads everything with epoll and
 *                          counts events. Prints one JSON result (and writes it to --out).
 *   floor idle [options]   N idle pairs (request read, head written): kernel memory per pair, user-space RSS.
 *   floor frame SEQ T      prints the bytes of one event (64-byte payload), for bench/floor/netty's test.
 *   floor read [options]   the reader alone, driven over stdin/stdout (also used by the Netty writer):
 *                          prints "ready N" once every socket has its head; then takes "mark" (answers "marked")
 *                          and "expect E DRAIN_S" (answers "done {json}" once E events arrived or the drain ran out).
 *
 * Why plain C and not a library: the point is the kernel's own cost with nothing in between; every cost
 * here is a system call the node also makes (accept, read the request, write head, write events, epoll).
 * Everything is bounded: --deadline (SIGALRM ends the process), --messages, --duration, per-socket backlog.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

#define HEAD "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-cache\r\n" \
             "X-Accel-Buffering: no\r\nTransfer-Encoding: chunked\r\n\r\nd\r\nretry: 2000\n\n\r\n"
#define REQUEST "GET /bench?user=u1&session=0&transport=sse&channel=/bench/c0 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
#define EPOCH "wof2fvtw"      /* the node's event ids are EPOCH-SEQ; same length as the node's */
#define PER_SOURCE 20000      /* client sockets per loopback source address (127.0.0.2, .3, ...) */
#define MAX_BATCH 64
#define FRAME_MAX 1024
#define MAX_SAMPLES 4000000

static void die(const char *what) { fprintf(stderr, "floor: %s: %s\n", what, strerror(errno)); exit(2); }
static void fail(const char *what) { fprintf(stderr, "floor: %s\n", what); exit(2); }
static void on_alarm(int sig) { (void) sig; static const char m[] = "floor: deadline reached\n";
    if (write(2, m, sizeof m - 1) < 0) { } _exit(3); }

static int64_t now_ns(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000LL + t.tv_nsec; }
static void cpu_ns(int64_t *user, int64_t *sys) {
    struct rusage r; getrusage(RUSAGE_SELF, &r);
    *user = r.ru_utime.tv_sec * 1000000000LL + r.ru_utime.tv_usec * 1000LL;
    *sys = r.ru_stime.tv_sec * 1000000000LL + r.ru_stime.tv_usec * 1000LL;
}
static void pin(int cpu) {
    if (cpu < 0) return;
    cpu_set_t s; CPU_ZERO(&s); CPU_SET(cpu, &s);
    if (sched_setaffinity(0, sizeof s, &s) != 0) die("sched_setaffinity");
}
static void nonblock(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

/* ---------- options: --name value pairs, every one with a default ---------- */
typedef struct {
    int n, channels, batch, size, sample, deadline, writer_cpu, reader_cpu, port, head_bytes, hwm;
    double rate, duration, warmup, drain, settle, ramp_rate; long messages;
    const char *out, *scenario, *label;
} opts_t;

static void parse(opts_t *o, int argc, char **argv) {
    *o = (opts_t) { .n = 1000, .channels = 1, .batch = 1, .size = 64, .sample = 100, .deadline = 120,
        .writer_cpu = 0, .reader_cpu = 1, .hwm = 65536, .rate = 0, .duration = 5, .warmup = 0, .drain = 30,
        .settle = 5, .ramp_rate = 0, .messages = 10000000, .out = NULL, .scenario = "custom", .label = "" };
    o->head_bytes = (int) strlen(HEAD);
    for (int i = 2; i < argc; i += 2) {
        const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v) { fprintf(stderr, "floor: %s needs a value\n", k); exit(2); }
        if (!strcmp(k, "--n")) o->n = atoi(v);
        else if (!strcmp(k, "--channels")) o->channels = atoi(v);
        else if (!strcmp(k, "--batch")) o->batch = atoi(v);
        else if (!strcmp(k, "--size")) o->size = atoi(v);
        else if (!strcmp(k, "--sample")) o->sample = atoi(v);
        else if (!strcmp(k, "--deadline")) o->deadline = atoi(v);
        else if (!strcmp(k, "--writer-cpu")) o->writer_cpu = atoi(v);
        else if (!strcmp(k, "--reader-cpu")) o->reader_cpu = atoi(v);
        else if (!strcmp(k, "--port")) o->port = atoi(v);
        else if (!strcmp(k, "--head-bytes")) o->head_bytes = atoi(v);
        else if (!strcmp(k, "--hwm")) o->hwm = atoi(v);
        else if (!strcmp(k, "--rate")) o->rate = atof(v);
        else if (!strcmp(k, "--duration")) o->duration = atof(v);
        else if (!strcmp(k, "--warmup")) o->warmup = atof(v);
        else if (!strcmp(k, "--drain")) o->drain = atof(v);
        else if (!strcmp(k, "--settle")) o->settle = atof(v);
        else if (!strcmp(k, "--ramp-rate")) o->ramp_rate = atof(v);
        else if (!strcmp(k, "--messages")) o->messages = atol(v);
        else if (!strcmp(k, "--out")) o->out = v;
        else if (!strcmp(k, "--scenario")) o->scenario = v;
        else if (!strcmp(k, "--label")) o->label = v;
        else { fprintf(stderr, "floor: unknown option %s\n", k); exit(2); }
    }
    if (o->n < 1 || o->n > 200000 || o->channels < 1 || o->channels > o->n || o->batch < 1 || o->batch > MAX_BATCH
        || o->size < 16 || o->size > 512 || o->sample < 1 || o->deadline < 1 || o->hwm < 1024)
        fail("option out of range (n 1..200000, channels 1..n, batch 1..64, size 16..512)");
    signal(SIGALRM, on_alarm);
    alarm((unsigned) o->deadline);
}

/* ======================================== reader ======================================== */
/* Per client socket: how much of the head arrived, and a matcher for the marker "seq": that every event carries
 * once. Sampled sockets (1 in --sample, spread over the channels) also parse seq and t for order and latency. */
typedef struct {
    int fd; int head; uint8_t sampled, mpos, state; int64_t num, last_seq, seq;
} rsock_t;

static const char MARK[] = "\"seq\":";   /* KMP fallback for this pattern: only '"' restarts a match */
static const char TMARK[] = "\"t\":";

typedef struct {
    int64_t count, ooo, samples_n; uint32_t *samples; int64_t last_at;
} rstats_t;

enum { S_SCAN, S_SEQ, S_TSCAN, S_T };

static void scan(rsock_t *s, const unsigned char *b, ssize_t len, int64_t at, rstats_t *st) {
    for (ssize_t i = 0; i < len; i++) {
        unsigned char c = b[i];
        if (s->state == S_SEQ) {
            if (c >= '0' && c <= '9') { s->num = s->num * 10 + (c - '0'); continue; }
            if (s->last_seq >= 0 && s->num != s->last_seq + 1) st->ooo++;
            s->last_seq = s->num; s->state = S_TSCAN; s->mpos = 0;
        } else if (s->state == S_T) {
            if (c >= '0' && c <= '9') { s->num = s->num * 10 + (c - '0'); continue; }
            int64_t us = (at - s->num) / 1000;
            if (st->samples_n < MAX_SAMPLES) st->samples[st->samples_n++] = us < 0 ? 0 : (uint32_t) us;
            s->state = S_SCAN; s->mpos = 0;
        }
        const char *pat = s->state == S_TSCAN ? TMARK : MARK;
        int plen = s->state == S_TSCAN ? 4 : 6;
        if (c == (unsigned char) pat[s->mpos]) s->mpos++;
        else s->mpos = c == '"';      /* enough for these two patterns in this data (no "seq"seq":) */
        if (s->mpos == plen) {
            s->mpos = 0;
            if (s->state == S_SCAN) {
                st->count++;
                if (s->sampled) { s->state = S_SEQ; s->num = 0; }
            } else { s->state = S_T; s->num = 0; }
        }
    }
}

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *) a, y = *(const uint32_t *) b; return x < y ? -1 : x > y;
}
static double pct(uint32_t *v, int64_t n, double p) {
    if (n == 0) return 0;
    int64_t i = (int64_t) (p * (double) n); if (i >= n) i = n - 1;
    return v[i] / 1000.0;
}

static int reader_main(opts_t *o) {
    pin(o->reader_cpu);
    rsock_t *socks = calloc((size_t) o->n, sizeof *socks);
    rstats_t st = { .samples = malloc(sizeof(uint32_t) * MAX_SAMPLES) };
    if (!socks || !st.samples) fail("out of memory");
    int ep = epoll_create1(0);
    struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons((uint16_t) o->port) };
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int64_t t0 = now_ns();
    for (int i = 0; i < o->n; i++) {
        if (o->ramp_rate > 0) {
            int64_t due = t0 + (int64_t) (i / o->ramp_rate * 1e9), d = due - now_ns();
            if (d > 0) { struct timespec ts = { d / 1000000000, d % 1000000000 }; nanosleep(&ts, NULL); }
        }
        int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
        if (fd < 0) die("socket (reader)");
        setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
        struct sockaddr_in from = { .sin_family = AF_INET };
        from.sin_addr.s_addr = htonl(INADDR_LOOPBACK + 1 + (uint32_t) (i / PER_SOURCE)); /* 127.0.0.2 + k */
        if (bind(fd, (struct sockaddr *) &from, sizeof from) != 0) die("bind (reader)");
        if (connect(fd, (struct sockaddr *) &to, sizeof to) != 0) die("connect (reader)");
        if (write(fd, REQUEST, strlen(REQUEST)) != (ssize_t) strlen(REQUEST)) die("write request");
        nonblock(fd);
        /* sampled: 1 socket in --sample, one in each block of --sample, at a position that walks through the
         * channels (socket i is on channel i mod C on the writer when accept order follows connect order) */
        socks[i] = (rsock_t) { .fd = fd, .sampled = i % o->sample == (i / o->sample) % o->sample, .last_seq = -1 };
        struct epoll_event ev = { .events = EPOLLIN, .data.u32 = (uint32_t) i };
        if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) != 0) die("epoll_ctl (reader)");
    }
    nonblock(0);
    struct epoll_event cev = { .events = EPOLLIN, .data.u32 = UINT32_MAX };
    epoll_ctl(ep, EPOLL_CTL_ADD, 0, &cev);

    static unsigned char buf[1 << 16];
    char cmd[256]; size_t cmd_len = 0;
    int ready = 0, announced = 0;
    int64_t mark_count = 0, mark_user = 0, mark_sys = 0, expect = -1, drain_end = 0, mark_at = now_ns();
    struct epoll_event evs[512];
    for (;;) {
        if (!announced && ready == o->n) { printf("ready %d\n", ready); fflush(stdout); announced = 1; }
        int64_t now = now_ns();
        if (expect >= 0 && (st.count >= expect || now >= drain_end)) {
            int64_t u, s; cpu_ns(&u, &s);
            qsort(st.samples, (size_t) st.samples_n, sizeof(uint32_t), cmp_u32);
            int64_t got = st.count - mark_count;
            printf("done {\"deliveries\":%lld,\"total\":%lld,\"last_at_ns\":%lld,\"mark_at_ns\":%lld,"
                   "\"reader_cpu_user_ns\":%lld,\"reader_cpu_sys_ns\":%lld,\"out_of_order\":%lld,"
                   "\"latency_ms\":{\"samples\":%lld,\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,\"p999\":%.3f,\"max\":%.3f}}\n",
                   (long long) got, (long long) st.count, (long long) st.last_at, (long long) mark_at,
                   (long long) (u - mark_user), (long long) (s - mark_sys), (long long) st.ooo, (long long) st.samples_n,
                   pct(st.samples, st.samples_n, .5), pct(st.samples, st.samples_n, .9), pct(st.samples, st.samples_n, .99),
                   pct(st.samples, st.samples_n, .999), st.samples_n ? st.samples[st.samples_n - 1] / 1000.0 : 0.0);
            fflush(stdout);
            expect = -1;
        }
        int k = epoll_wait(ep, evs, 512, expect >= 0 ? 10 : 1000);
        if (k < 0 && errno != EINTR) die("epoll_wait (reader)");
        for (int e = 0; e < k; e++) {
            uint32_t id = evs[e].data.u32;
            if (id == UINT32_MAX) {
                ssize_t r = read(0, cmd + cmd_len, sizeof cmd - 1 - cmd_len);
                if (r == 0) return 0;          /* the writer is gone */
                if (r < 0) continue;
                cmd_len += (size_t) r; cmd[cmd_len] = 0;
                char *nl;
                while ((nl = strchr(cmd, '\n'))) {
                    *nl = 0;
                    if (!strcmp(cmd, "mark")) {
                        mark_count = st.count; cpu_ns(&mark_user, &mark_sys); st.samples_n = 0; st.ooo = 0;
                        mark_at = now_ns(); printf("marked\n"); fflush(stdout);
                    } else if (!strncmp(cmd, "expect ", 7)) {
                        long long e2; double dr;
                        if (sscanf(cmd + 7, "%lld %lf", &e2, &dr) != 2) fail("bad expect");
                        expect = e2; drain_end = now_ns() + (int64_t) (dr * 1e9);
                    } else if (!strcmp(cmd, "quit")) return 0;
                    size_t used = (size_t) (nl - cmd) + 1;
                    memmove(cmd, nl + 1, cmd_len - used); cmd_len -= used; cmd[cmd_len] = 0;
                }
                if (cmd_len >= sizeof cmd - 1) fail("command too long");
                continue;
            }
            rsock_t *s = &socks[id];
            ssize_t r = read(s->fd, buf, sizeof buf);
            if (r <= 0) {
                if (r < 0 && (errno == EAGAIN || errno == EINTR)) continue;
                fail(r == 0 ? "a server socket closed" : "read (reader)");
            }
            int64_t at = s->sampled ? now_ns() : 0;
            ssize_t off = 0;
            if (s->head < o->head_bytes) {
                ssize_t h = o->head_bytes - s->head; if (h > r) h = r;
                s->head += (int) h; off = h;
                if (s->head == o->head_bytes) ready++;
            }
            int64_t before = st.count;
            scan(s, buf + off, r - off, at, &st);
            if (st.count != before) st.last_at = at ? at : now_ns();
        }
    }
}

/* ======================================== writer ======================================== */
typedef struct {
    int fd; int req; uint8_t over; int head_sent; char *q; int qlen, qcap;
} wsock_t;

typedef struct {
    opts_t *o; int ep, lfd, port; wsock_t *s; int accepted, heads;
    int backlogged, over;                 /* sockets with queued bytes; sockets above the high-water mark */
    int64_t writes, eagain, stalls, max_q, errors;
    pid_t reader; FILE *to_reader, *from_reader;
} writer_t;

static void spawn_reader(writer_t *w) {
    int in[2], out[2];
    if (pipe(in) || pipe(out)) die("pipe");
    w->reader = fork();
    if (w->reader < 0) die("fork");
    if (w->reader == 0) {
        dup2(in[0], 0); dup2(out[1], 1); close(in[1]); close(out[0]); close(w->lfd); close(w->ep);
        char n[16], port[16], cpu[16], sample[16], dl[16], ramp[32];
        snprintf(n, sizeof n, "%d", w->o->n); snprintf(port, sizeof port, "%d", w->port);
        snprintf(cpu, sizeof cpu, "%d", w->o->reader_cpu); snprintf(sample, sizeof sample, "%d", w->o->sample);
        snprintf(dl, sizeof dl, "%d", w->o->deadline + 30); snprintf(ramp, sizeof ramp, "%g", w->o->ramp_rate);
        execl("/proc/self/exe", "floor", "read", "--n", n, "--port", port, "--reader-cpu", cpu, "--sample", sample,
              "--deadline", dl, "--ramp-rate", ramp, (char *) NULL);
        die("exec reader");
    }
    close(in[0]); close(out[1]);
    w->to_reader = fdopen(in[1], "w"); w->from_reader = fdopen(out[0], "r");
}

static char *reader_line(writer_t *w, const char *want) {
    static char line[4096];
    if (!fgets(line, sizeof line, w->from_reader)) fail("the reader ended early (see its message above)");
    if (strncmp(line, want, strlen(want)) != 0) { fprintf(stderr, "floor: reader said: %s", line); exit(2); }
    line[strcspn(line, "\n")] = 0;
    return line + strlen(want);
}

static void set_out(writer_t *w, int i, int on) {
    struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP | (on ? EPOLLOUT : 0), .data.u32 = (uint32_t) i };
    if (epoll_ctl(w->ep, EPOLL_CTL_MOD, w->s[i].fd, &ev) != 0) die("epoll_ctl mod");
}

static void enqueue(writer_t *w, int i, const char *b, int len) {
    wsock_t *s = &w->s[i];
    if (s->qlen + len > s->qcap) {
        s->qcap = (s->qlen + len) * 2;
        s->q = realloc(s->q, (size_t) s->qcap);
        if (!s->q) fail("out of memory (backlog)");
    }
    memcpy(s->q + s->qlen, b, (size_t) len); s->qlen += len;
    if (s->qlen > w->max_q) w->max_q = s->qlen;
    if (!s->over && s->qlen > w->o->hwm) { s->over = 1; w->over++; }
}

/* One write (or writev) of these frames to socket i, like Netty's writeAndFlush: while the socket has a backlog
 * (it waits for EPOLLOUT) the bytes join the backlog without a system call. */
static void send_frames(writer_t *w, int i, struct iovec *iov, int cnt, int total) {
    wsock_t *s = &w->s[i];
    if (s->qlen > 0) { for (int k = 0; k < cnt; k++) enqueue(w, i, iov[k].iov_base, (int) iov[k].iov_len); return; }
    ssize_t n = cnt == 1 ? write(s->fd, iov[0].iov_base, iov[0].iov_len) : writev(s->fd, iov, cnt);
    w->writes++;
    if (n == total) return;
    if (n < 0) { if (errno != EAGAIN) { w->errors++; return; } n = 0; }
    w->eagain++;
    for (int k = 0; k < cnt; k++) {                  /* the unwritten rest, in order */
        int l = (int) iov[k].iov_len;
        if (n >= l) { n -= l; continue; }
        enqueue(w, i, (char *) iov[k].iov_base + n, l - (int) n); n = 0;
    }
    w->backlogged++; set_out(w, i, 1);
}

static void on_writable(writer_t *w, int i) {
    wsock_t *s = &w->s[i];
    if (s->qlen == 0) return;
    ssize_t n = write(s->fd, s->q, (size_t) s->qlen);
    w->writes++;
    if (n < 0) { if (errno != EAGAIN) w->errors++; return; }
    memmove(s->q, s->q + n, (size_t) (s->qlen - n)); s->qlen -= (int) n;
    if (s->over && s->qlen <= w->o->hwm / 2) { s->over = 0; w->over--; }
    if (s->qlen == 0) { w->backlogged--; set_out(w, i, 0); }
}

static void on_request(writer_t *w, int i) {
    char b[4096]; wsock_t *s = &w->s[i];
    for (;;) {
        ssize_t r = read(s->fd, b, sizeof b);
        if (r < 0 && errno == EAGAIN) return;
        if (r <= 0) fail("a client closed during setup");
        for (ssize_t k = 0; k < r && !s->head_sent; k++) {   /* the end of the request head: \r\n\r\n */
            s->req = b[k] == "\r\n\r\n"[s->req] ? s->req + 1 : (b[k] == '\r');
            if (s->req == 4) {
                s->head_sent = 1; w->heads++;
                if (write(s->fd, HEAD, strlen(HEAD)) != (ssize_t) strlen(HEAD)) die("write head");
            }
        }
    }
}

/* Serves the sockets: accepts, requests, EPOLLOUT; waits at most timeout_ns (0: poll). */
static void serve(writer_t *w, int64_t timeout_ns) {
    struct epoll_event evs[512];
    struct timespec ts = { timeout_ns / 1000000000, timeout_ns % 1000000000 };
    int k = epoll_pwait2(w->ep, evs, 512, &ts, NULL);
    if (k < 0 && errno != EINTR) die("epoll_pwait2");
    for (int e = 0; e < k; e++) {
        uint32_t id = evs[e].data.u32;
        if (id == UINT32_MAX) {
            for (;;) {
                int fd = accept4(w->lfd, NULL, NULL, SOCK_NONBLOCK);
                if (fd < 0) break;
                if (w->accepted >= w->o->n) fail("more connections than --n");
                int one = 1, i = w->accepted++;
                setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  /* as Netty does */
                w->s[i] = (wsock_t) { .fd = fd };
                struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP, .data.u32 = (uint32_t) i };
                if (epoll_ctl(w->ep, EPOLL_CTL_ADD, fd, &ev) != 0) die("epoll_ctl add");
            }
            continue;
        }
        if (evs[e].events & EPOLLOUT) on_writable(w, (int) id);
        if (evs[e].events & (EPOLLIN | EPOLLRDHUP)) {
            if (w->s[id].head_sent) fail("a client sent more or closed during the run");
            on_request(w, (int) id);
        }
    }
}

static void writer_setup(writer_t *w, opts_t *o) {
    pin(o->writer_cpu);
    w->o = o;
    w->s = calloc((size_t) o->n, sizeof *w->s);
    w->lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(w->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = { .sin_family = AF_INET }; a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t al = sizeof a;
    if (bind(w->lfd, (struct sockaddr *) &a, sizeof a) || listen(w->lfd, 65535)) die("listen");
    getsockname(w->lfd, (struct sockaddr *) &a, &al);
    w->port = ntohs(a.sin_port);
    w->ep = epoll_create1(0);
    struct epoll_event ev = { .events = EPOLLIN, .data.u32 = UINT32_MAX };
    epoll_ctl(w->ep, EPOLL_CTL_ADD, w->lfd, &ev);
}

static void writer_connect(writer_t *w) {
    spawn_reader(w);
    while (w->heads < w->o->n) serve(w, 100000000);
    reader_line(w, "ready ");
}

/* ---------- the event bytes: exactly the node's SSE chunk for a bench payload ---------- */
static int frame(char *out, int size, int64_t seq, int64_t t) {
    char payload[600], data[700], id[64];
    int h = snprintf(payload, sizeof payload, "{\"seq\":%lld,\"t\":%lld", (long long) seq, (long long) t);
    int pad = size - h - 1 - 7;
    if (pad <= 0) { payload[h++] = '}'; }
    else { h += sprintf(payload + h, ",\"p\":\""); memset(payload + h, 'x', (size_t) pad); h += pad; h += sprintf(payload + h, "\"}"); }
    payload[h] = 0;
    int dl = snprintf(data, sizeof data, "data: %s\n\n", payload);
    int il = snprintf(id, sizeof id, "id: " EPOCH "-%lld\n", (long long) seq);
    return snprintf(out, FRAME_MAX, "%x\r\n%s%s\r\n", il + dl, id, data);
}

typedef struct { int64_t published, expected; } pubres_t;

static char frames[MAX_BATCH][FRAME_MAX];
static int flen[MAX_BATCH], fch[MAX_BATCH], queued;

/* Each channel's sockets get the channel's queued frames in one call (one frame: write; several: writev). */
static void flush_queued(writer_t *w) {
    struct iovec iov[MAX_BATCH];
    opts_t *o = w->o;
    for (int c = 0; c < o->channels && queued > 0; c++) {
        int cnt = 0, total = 0;
        for (int q = 0; q < queued; q++)
            if (fch[q] == c) { iov[cnt].iov_base = frames[q]; iov[cnt].iov_len = (size_t) flen[q]; total += flen[q]; cnt++; }
        if (cnt == 0) continue;
        for (int i = c; i < o->n; i += o->channels) send_frames(w, i, iov, cnt, total);
    }
    queued = 0;
}

/* Publishes for `seconds` (or --messages): message j goes to channel j mod C, every socket i with i mod C == that
 * channel; paced at --rate (0: closed loop, the next message as soon as the last one's writes are issued). With
 * --batch K the writes happen every K messages. Returns once every byte is in the kernel. */
static pubres_t publish(writer_t *w, double seconds, int64_t *seq) {
    opts_t *o = w->o; pubres_t r = { 0 };
    int64_t t0 = now_ns(), end = t0 + (int64_t) (seconds * 1e9);
    for (int64_t j = 0; j < o->messages; j++) {
        int64_t due = o->rate > 0 ? t0 + (int64_t) ((double) j / o->rate * 1e9) : 0;
        for (;;) {                                    /* wait for the due time, serving EPOLLOUT meanwhile */
            int64_t now = now_ns();
            if (w->over > 0) { w->stalls++; serve(w, 1000000); continue; }
            if (now >= due) { if (w->backlogged) serve(w, 0); break; }
            serve(w, due - now);
        }
        int64_t now = now_ns();
        if (now >= end) break;
        int ch = (int) (j % o->channels);
        fch[queued] = ch; flen[queued] = frame(frames[queued], o->size, ++seq[ch], now); queued++;
        r.published++;
        r.expected += o->n / o->channels + (ch < o->n % o->channels ? 1 : 0);
        if (queued == o->batch) flush_queued(w);
    }
    flush_queued(w);
    while (w->backlogged > 0) serve(w, 1000000);
    return r;
}

/* CPU of the ksoftirqd threads (ns): loopback receive work the kernel deferred out of the writer's context, which
 * no process is charged for (reported beside the writer's figure, as bench/loadgen does not count it either). */
static int64_t ksoftirqd_ns(void) {
    char path[64], buf[512]; int64_t sum = 0; long tck = sysconf(_SC_CLK_TCK);
    for (int pid = 1; pid < 4096; pid++) {           /* kernel threads are started early: low pids */
        snprintf(path, sizeof path, "/proc/%d/stat", pid);
        FILE *f = fopen(path, "r");
        if (!f) continue;
        size_t n = fread(buf, 1, sizeof buf - 1, f); fclose(f); buf[n] = 0;
        char *c = strchr(buf, '('), *e = strrchr(buf, ')');
        if (!c || !e || strncmp(c + 1, "ksoftirqd/", 10)) continue;
        unsigned long ut = 0, st = 0;
        if (sscanf(e + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) == 2)
            sum += (int64_t) (ut + st) * (1000000000LL / tck);
    }
    return sum;
}

static void machine_json(FILE *f) {
    double l1 = 0, l5 = 0, l15 = 0; FILE *la = fopen("/proc/loadavg", "r");
    if (la) { if (fscanf(la, "%lf %lf %lf", &l1, &l5, &l15) != 3) l1 = -1; fclose(la); }
    char kernel[128] = "?"; FILE *k = fopen("/proc/sys/kernel/osrelease", "r");
    if (k) { if (fgets(kernel, sizeof kernel, k)) kernel[strcspn(kernel, "\n")] = 0; fclose(k); }
    time_t t = time(NULL); char iso[32]; strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
    fprintf(f, "  \"started\": \"%s\",\n  \"machine\": {\"cpus\": %ld, \"kernel\": \"%s\", \"load_avg\": [%.2f, %.2f, %.2f]},\n",
            iso, sysconf(_SC_NPROCESSORS_ONLN), kernel, l1, l5, l15);
}

static void emit(const char *out, const char *json) {
    fputs(json, stdout);
    if (out) { FILE *f = fopen(out, "w"); if (!f) die(out); fputs(json, f); fclose(f); }
}

static double jnum(const char *json, const char *key) {   /* a number field of the reader's flat JSON */
    char k[64]; snprintf(k, sizeof k, "\"%s\":", key);
    const char *p = strstr(json, k);
    return p ? atof(p + strlen(k)) : -1;
}

static int run_main(opts_t *o) {
    writer_t w = { 0 };
    writer_setup(&w, o);
    writer_connect(&w);
    int64_t *seq = calloc((size_t) o->channels, sizeof *seq), warm_expected = 0;
    if (o->warmup > 0) {
        pubres_t wr = publish(&w, o->warmup, seq); warm_expected = wr.expected;
        fprintf(w.to_reader, "expect %lld %g\n", (long long) warm_expected, o->drain); fflush(w.to_reader);
        reader_line(&w, "done ");
    }
    fprintf(w.to_reader, "mark\n"); fflush(w.to_reader); reader_line(&w, "marked");
    w.writes = w.eagain = w.stalls = w.max_q = 0;
    int64_t u0, s0, u1, s1, k0 = ksoftirqd_ns(); cpu_ns(&u0, &s0);
    int64_t t0 = now_ns();
    pubres_t r = publish(&w, o->duration, seq);
    int64_t flushed = now_ns();
    cpu_ns(&u1, &s1);
    fprintf(w.to_reader, "expect %lld %g\n", (long long) (warm_expected + r.expected), o->drain); fflush(w.to_reader);
    char *rj = reader_line(&w, "done ");
    double ksoft = (double) (ksoftirqd_ns() - k0);
    double got = jnum(rj, "deliveries"), last = jnum(rj, "last_at_ns");
    double window = (last > t0 ? last : (double) flushed) - (double) t0;
    if (window < (double) (flushed - t0)) window = (double) (flushed - t0);
    double wcpu = (double) (u1 - u0 + s1 - s0), d = got > 0 ? got : 1;
    char *mem; size_t ml; FILE *f = open_memstream(&mem, &ml);
    fprintf(f, "{\n  \"schema\": \"floor/1\",\n  \"kind\": \"delivery\",\n  \"writer\": \"c\",\n  \"scenario\": \"%s\",\n  \"label\": \"%s\",\n",
            o->scenario, o->label);
    machine_json(f);
    fprintf(f, "  \"params\": {\"connections\": %d, \"channels\": %d, \"rate\": %g, \"duration\": %g, \"warmup\": %g, "
               "\"batch\": %d, \"size\": %d, \"sample\": %d, \"hwm\": %d, \"writer_cpu\": %d, \"reader_cpu\": %d},\n",
            o->n, o->channels, o->rate, o->duration, o->warmup, o->batch, o->size, o->sample, o->hwm, o->writer_cpu, o->reader_cpu);
    fprintf(f, "  \"metrics\": {\n    \"published\": %lld,\n    \"publish_rate_achieved\": %.2f,\n    \"expected_deliveries\": %lld,\n"
               "    \"deliveries\": %.0f,\n    \"lost\": %.0f,\n    \"window_s\": %.3f,\n    \"deliveries_per_second\": %.2f,\n"
               "    \"writer_cpu_s\": %.3f,\n    \"writer_cpu_ns_per_delivery\": %.2f,\n    \"writer_user_ns_per_delivery\": %.2f,\n"
               "    \"writer_sys_ns_per_delivery\": %.2f,\n    \"ksoftirqd_cpu_ns_per_delivery\": %.2f,\n    \"reader_cpu_ns_per_delivery\": %.2f,\n    \"writer_syscalls_per_delivery\": %.4f,\n"
               "    \"write_syscalls\": %lld,\n    \"eagain\": %lld,\n    \"stalls\": %lld,\n    \"max_backlog_bytes\": %lld,\n    \"write_errors\": %lld,\n"
               "    \"reader\": %s\n  }\n}\n",
            (long long) r.published, r.published / ((flushed - t0) / 1e9), (long long) r.expected, got,
            got < r.expected ? r.expected - got : 0.0, window / 1e9, got / (window / 1e9),
            wcpu / 1e9, wcpu / d, (u1 - u0) / d, (s1 - s0) / d, ksoft / d,
            (jnum(rj, "reader_cpu_user_ns") + jnum(rj, "reader_cpu_sys_ns")) / d, (double) w.writes / d,
            (long long) w.writes, (long long) w.eagain, (long long) w.stalls, (long long) w.max_q, (long long) w.errors, rj);
    fclose(f);
    emit(o->out, mem);
    fprintf(w.to_reader, "quit\n"); fflush(w.to_reader);
    waitpid(w.reader, NULL, 0);
    return 0;
}

/* ---------- idle: kernel memory per established pair ---------- */
static long meminfo_kb(const char *key) {
    FILE *f = fopen("/proc/meminfo", "r"); char line[256]; long v = -1; size_t kl = strlen(key);
    while (f && fgets(line, sizeof line, f)) if (!strncmp(line, key, kl) && line[kl] == ':') { v = atol(line + kl + 1); break; }
    if (f) fclose(f);
    return v;
}
static long sockstat(const char *field) {   /* a field of the TCP: line of /proc/net/sockstat */
    FILE *f = fopen("/proc/net/sockstat", "r"); char line[512]; long v = -1;
    while (f && fgets(line, sizeof line, f)) {
        if (strncmp(line, "TCP:", 4)) continue;
        char *p = strstr(line, field);
        if (p) v = atol(p + strlen(field) + 1);
    }
    if (f) fclose(f);
    return v;
}
static long status_kb(pid_t pid, const char *key) {
    char path[64], line[256]; long v = -1; size_t kl = strlen(key);
    snprintf(path, sizeof path, "/proc/%d/status", (int) pid);
    FILE *f = fopen(path, "r");
    while (f && fgets(line, sizeof line, f)) if (!strncmp(line, key, kl) && line[kl] == ':') { v = atol(line + kl + 1); break; }
    if (f) fclose(f);
    return v;
}
/* Sum of the skmem fields that are memory held (rmem_alloc, wmem_alloc, fwd_alloc, wmem_queued, optmem) over
 * the established sockets with this local or remote port, from ss -tmn. */
static long ss_skmem(int port, long *sockets) {
    char cmd[256]; snprintf(cmd, sizeof cmd, "ss -tmnH state established '( sport = :%d or dport = :%d )' 2>/dev/null", port, port);
    FILE *p = popen(cmd, "r"); char line[1024]; long sum = 0; *sockets = 0;
    while (p && fgets(line, sizeof line, p)) {
        char *s = strstr(line, "skmem:(");
        if (!s) continue;
        long r = 0, t = 0, f = 0, w = 0, o = 0;
        char *q;
        if ((q = strstr(s, "(r"))) r = atol(q + 2);
        if ((q = strstr(s, ",t"))) t = atol(q + 2);
        if ((q = strstr(s, ",f"))) f = atol(q + 2);
        if ((q = strstr(s, ",w"))) w = atol(q + 2);
        if ((q = strstr(s, ",o"))) o = atol(q + 2);
        sum += r + t + f + w + o; (*sockets)++;
    }
    if (p) pclose(p);
    return sum;
}

/* /proc/slabinfo (root only): active objects and object size per cache. */
#define MAX_CACHES 1024
typedef struct { char name[64]; long active, size; } slab_t;
static int slabinfo(slab_t *out) {
    FILE *f = fopen("/proc/slabinfo", "r"); char line[512]; int n = 0;
    while (f && n < MAX_CACHES && fgets(line, sizeof line, f)) {
        if (line[0] == '#' || !strncmp(line, "slabinfo", 8)) continue;
        long num;
        if (sscanf(line, "%63s %ld %ld %ld", out[n].name, &out[n].active, &num, &out[n].size) == 4) n++;
    }
    if (f) fclose(f);
    return n;
}
/* Per pair: the bytes of slab objects that appeared (sum over caches of new active objects x object size), and
 * the caches that grew by at least half an object per pair, as "name": [objects per pair, bytes per pair]. */
static double slab_delta(slab_t *a, int na, slab_t *b, int nb, double pairs, FILE *top) {
    double sum = 0; int first = 1;
    for (int j = 0; j < nb; j++) {
        long before = 0;
        for (int i = 0; i < na; i++) if (!strcmp(a[i].name, b[j].name)) { before = a[i].active; break; }
        double d = (double) (b[j].active - before);
        sum += d * (double) b[j].size;
        if (d / pairs >= 0.5) {
            fprintf(top, "%s\"%s\": [%.2f, %.0f]", first ? "" : ", ", b[j].name, d / pairs, d * (double) b[j].size / pairs);
            first = 0;
        }
    }
    return sum / pairs;
}
/* What one established socket holds in slab objects when idle, one of each: the tcp_sock (cache TCP), its socket
 * inode, file, dentry, epoll item and head, and LSM file blob, at this kernel's object sizes. The measured deltas above
 * show these caches growing by 2 objects per pair (one per socket); other caches in the delta are the machine's
 * noise. */
static double socket_object_bytes(slab_t *b, int nb, FILE *parts) {
    static const char *caches[] = { "TCP", "sock_inode_cache", "filp", "dentry", "eventpoll_epi", "ep_head", "lsm_file_cache" };
    double sum = 0;
    for (size_t c = 0; c < sizeof caches / sizeof *caches; c++)
        for (int j = 0; j < nb; j++)
            if (!strcmp(b[j].name, caches[c])) {
                fprintf(parts, "%s\"%s\": %ld", c ? ", " : "", caches[c], b[j].size); sum += (double) b[j].size; break;
            }
    return sum;
}

static int idle_main(opts_t *o) {
    writer_t w = { 0 };
    writer_setup(&w, o);
    long slab0 = meminfo_kb("Slab"), sunr0 = meminfo_kb("SUnreclaim"), tcp0 = sockstat("inuse"), mem0 = sockstat("mem");
    long rss0 = status_kb(getpid(), "VmRSS");
    static slab_t sa[MAX_CACHES], sb[MAX_CACHES];
    int na = slabinfo(sa);
    writer_connect(&w);
    struct timespec ts = { (time_t) o->settle, (long) ((o->settle - (long) o->settle) * 1e9) };
    nanosleep(&ts, NULL);
    long slab1 = meminfo_kb("Slab"), sunr1 = meminfo_kb("SUnreclaim"), tcp1 = sockstat("inuse"), mem1 = sockstat("mem");
    long rss1 = status_kb(getpid(), "VmRSS"), rrss = status_kb(w.reader, "VmRSS"), nss;
    long skmem = ss_skmem(w.port, &nss);
    int nb = slabinfo(sb);
    double n = o->n;
    char *topj; size_t tl; FILE *tf = open_memstream(&topj, &tl);
    double objs = na > 0 ? slab_delta(sa, na, sb, nb, n, tf) : -1;
    fclose(tf);
    char *partj; size_t pl; FILE *pf = open_memstream(&partj, &pl);
    double per_socket = socket_object_bytes(sb, nb, pf);
    fclose(pf);
    char *mem; size_t ml; FILE *f = open_memstream(&mem, &ml);
    fprintf(f, "{\n  \"schema\": \"floor/1\",\n  \"kind\": \"idle\",\n  \"writer\": \"c\",\n  \"scenario\": \"idle\",\n  \"label\": \"%s\",\n", o->label);
    machine_json(f);
    fprintf(f, "  \"params\": {\"connections\": %d, \"settle\": %g, \"ramp_rate\": %g},\n", o->n, o->settle, o->ramp_rate);
    fprintf(f, "  \"metrics\": {\n    \"connections\": %d,\n    \"slab_kb_before\": %ld,\n    \"slab_kb_after\": %ld,\n"
               "    \"kernel_slab_bytes_per_pair\": %.0f,\n    \"kernel_sunreclaim_bytes_per_pair\": %.0f,\n"
               "    \"tcp_inuse_delta\": %ld,\n    \"tcp_mem_pages_delta\": %ld,\n    \"skmem_sockets\": %ld,\n"
               "    \"skmem_bytes_per_pair\": %.0f,\n    \"writer_rss_kb_before\": %ld,\n    \"writer_rss_kb_after\": %ld,\n"
               "    \"writer_rss_bytes_per_connection\": %.0f,\n    \"reader_rss_kb\": %ld,\n"
               "    \"slab_object_bytes_per_pair\": %.0f,\n    \"slab_caches_per_pair\": {%s},\n"
               "    \"kernel_object_bytes_per_socket\": %.0f,\n    \"kernel_object_sizes\": {%s}\n  }\n}\n",
            o->n, slab0, slab1, (slab1 - slab0) * 1024.0 / n, (sunr1 - sunr0) * 1024.0 / n, tcp1 - tcp0, mem1 - mem0, nss,
            skmem / n, rss0, rss1, (rss1 - rss0) * 1024.0 / n, rrss, objs, topj, per_socket, partj);
    fclose(f);
    emit(o->out, mem);
    fprintf(w.to_reader, "quit\n"); fflush(w.to_reader);
    waitpid(w.reader, NULL, 0);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: floor run|idle|read [--option value ...] (see floor.c)\n"); return 2; }
    if (!strcmp(argv[1], "frame") && argc == 4) {   /* floor frame SEQ T: one event's bytes, for the tests */
        char b[FRAME_MAX]; int l = frame(b, 64, atoll(argv[2]), atoll(argv[3]));
        return fwrite(b, 1, (size_t) l, stdout) == (size_t) l ? 0 : 2;
    }
    opts_t o; parse(&o, argc, argv);
    if (!strcmp(argv[1], "read")) return reader_main(&o);
    if (!strcmp(argv[1], "run")) return run_main(&o);
    if (!strcmp(argv[1], "idle")) return idle_main(&o);
    fail("the first argument is run, idle or read");
    return 2;
}
