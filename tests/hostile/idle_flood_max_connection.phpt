--TEST--
Swoole\Server: 10,000 idle connections beyond max_connection are refused (closed at once, a rate-limited log line with counts); clients already connected are served promptly during and after; closing them all brings connection_num back to 0
--SKIPIF--
<?php
if (PHP_OS_FAMILY !== 'Linux') die('skip needs Linux');
if (!function_exists('posix_getrlimit')) die('skip needs ext/posix to check the descriptor limit');
$l = posix_getrlimit();
if ((int) $l['hard openfiles'] < 12000 && !(function_exists('posix_geteuid') && posix_geteuid() === 0)) {
    die('skip needs a descriptor limit of 12000 (ulimit -n), or root to raise it');
}
?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

const MAX_CONN = 1000;
const BEYOND = 10000;

/* This process holds every client socket and the server inherits the limit: raise it first. */
$l = posix_getrlimit();
if ((int) $l['soft openfiles'] < 12000) {
    $hard = max(12000, (int) $l['hard openfiles']);
    swt_check(posix_setrlimit(POSIX_RLIMIT_NOFILE, 12000, $hard), 'descriptor limit raised to 12000', posix_strerror(posix_get_last_error()));
} else {
    echo "ok - descriptor limit raised to 12000\n";
}

$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'max_connection' => 1000, 'log_level' => 4,
    'open_eof_check' => true, 'open_eof_split' => true, 'package_eof' => "\n"]);
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    if ($data === "stats\n") {
        $st = $server->stats();
        unset($st['workers']);
        $server->send($fd, json_encode($st) . "\n");
        return;
    }
    $server->send($fd, $data);
});
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 2]);

/* Two clients connected before the flood: they must keep being served while the server is full. */
$echo = swt_connect($s->port);
$admin = swt_connect($s->port);
$stats = function () use ($admin) {
    $r = swt_request($admin, 'stats', 10.0);
    return $r === null ? null : json_decode($r, true);
};
swt_check(swt_request($echo, 'hello') === 'hello', 'echo client served before the flood');

/* The flood: idle connections, connected asynchronously, nothing ever written on them. */
$total = MAX_CONN - 2 + BEYOND;
$flood = [];
$worst = 0.0;
$t0 = swt_now();
for ($i = 0; $i < $total; $i++) {
    $c = @stream_socket_client("tcp://127.0.0.1:{$s->port}", $errno, $errstr, 5.0,
        STREAM_CLIENT_CONNECT | STREAM_CLIENT_ASYNC_CONNECT);
    if ($c === false) {
        swt_fail("flood connection $i failed: [$errno] $errstr");
    }
    stream_set_blocking($c, false);
    $flood[] = $c;
    /*
     * Pace the flood by the listen backlog (512): when the accept queue
     * overflows on a busy machine, the kernel drops handshakes that the
     * server never sees, and they would count as neither accepted nor
     * refused. 250 at a time, then wait until the server has taken them.
     */
    if ($i % 250 === 249) {
        $want = $i + 1 + 2;
        swt_wait_until(function () use ($stats, $want) {
            $st = $stats();
            return $st !== null && $st['accept_count'] + $st['refused_count'] >= $want;
        }, 20.0, "the server to take the first $want connections");
    }
    if ($i % 1000 === 999) {
        /* a round trip on the old connection while the server refuses new ones */
        $t = swt_now();
        $ok = swt_request($echo, "during $i", 10.0) === "during $i";
        $worst = max($worst, swt_now() - $t);
        if (!$ok) {
            swt_check(false, "echo client served during the flood (after $i connections)");
        }
    }
}
printf("# %d connections opened in %.1f s\n", $total, swt_now() - $t0);

/* Wait until the server has looked at every one of them: accepted or refused. */
$st = null;
swt_wait_until(function () use ($stats, $total, &$st) {
    $st = $stats();
    return $st !== null && $st['accept_count'] + $st['refused_count'] >= $total + 2;
}, 40.0, 'the server to accept or refuse every flood connection');
/*
 * SWOOLE_PROCESS accepts in one thread: exactly max_connection. In
 * SWOOLE_BASE (SWT_MODE=base) each worker accepts, and two may pass the
 * check together: one over at most per extra worker.
 */
$accepted = $st['accept_count'];
$refused = $total + 2 - $accepted;
$slack = getenv('SWT_MODE') === 'base' ? 1 : 0;
swt_check($accepted >= MAX_CONN && $accepted <= MAX_CONN + $slack && $st['connection_num'] === $accepted,
    'max_connection connections accepted and open', json_encode($st));
swt_check($st['refused_count'] === $refused && $refused >= BEYOND - $slack, 'the other ' . BEYOND . ' refused (stats refused_count)', json_encode($st));
swt_check($worst < 2.0, 'echo round trips during the flood took under 2 s each', sprintf('worst %.3f s', $worst));

/* The refused ones were closed by the server; the accepted ones stay open and idle. */
$closed = 0;
$deadline = swt_now() + 20.0;
do {
    $closed = 0;
    $open = 0;
    foreach ($flood as $c) {
        $d = @fread($c, 1);
        if ($d === '' && feof($c)) {
            $closed++;
        } else {
            $open++;
        }
    }
} while ($closed < $refused && swt_now() < $deadline && usleep(100000) === null);
swt_check($closed === $refused && $open === $accepted - 2, 'the refused connections were closed by the server, the accepted ones are open',
    "closed $closed, open $open");

/* The log: a few lines for 10,000 refusals, whose counts add up to the refusals. */
usleep(100000);
$lines = $s->matches('/max_connection \(1000\) reached: (\d+) connections? refused \(the last from 127\.0\.0\.1:\d+\)/',
    $s->output());
$logged = array_sum(array_map(fn($m) => (int) $m[1], $lines));
$elapsed = swt_now() - $t0;
swt_check(count($lines) >= 1 && count($lines) <= (int) ceil($elapsed) + 2,
    'refusals logged at most once a second', count($lines) . ' lines in ' . round($elapsed, 1) . ' s');
swt_check($logged <= $refused && $logged >= 1, 'the logged counts are refusals', "$logged logged");
printf("# worst echo round trip during the flood %.3f s; %d log lines for the refusals\n", $worst, count($lines));
swt_check(swt_request($echo, 'still') === 'still', 'echo client served while the server is full');

/* Close everything: the server forgets them all and accepts again. */
$t = swt_now();
foreach ($flood as $c) {
    fclose($c);
}
$flood = [];
swt_wait_until(function () use ($stats, &$st) {
    $st = $stats();
    return $st !== null && $st['connection_num'] === 2;
}, 20.0, 'connection_num back to the two old clients');
printf("# the server closed its side of %d connections in %.1f s\n", $accepted - 2, swt_now() - $t);
echo "ok - after closing the flood, only the two old clients are open\n";
$new = swt_connect($s->port);
swt_check(swt_request($new, 'new') === 'new', 'a new client is served after the flood');
$final = swt_request($new, 'stats');
$st = json_decode((string) $final, true);
swt_check(is_array($st) && $st['refused_count'] === $refused && $st['accept_count'] === $accepted + 1,
    'no refusal after the flood ended', (string) $final);
$rest = $s->matches('/max_connection \(1000\): (\d+) more connections refused, accepting again/', $s->output());
$logged += array_sum(array_map(fn($m) => (int) $m[1], $rest));
swt_check($logged === $refused, 'with the "accepting again" line, the log accounts for every refusal', "$logged logged");
fclose($new);
fclose($admin);
fclose($echo);
swt_wait_until(function () use ($s) {
    $c = swt_connect($s->port);
    $st = json_decode((string) swt_request($c, 'stats'), true);
    fclose($c);
    return is_array($st) && $st['connection_num'] === 1;
}, 10.0, 'connection_num back to 0 (the asking connection only)');
echo "ok - session table empty again\n";
swt_check($s->stop() === 0, 'server stopped cleanly');
?>
--EXPECTF--
ok - descriptor limit raised to 12000
ok - echo client served before the flood
# %d connections opened in %f s
ok - max_connection connections accepted and open
ok - the other 10000 refused (stats refused_count)
ok - echo round trips during the flood took under 2 s each
ok - the refused connections were closed by the server, the accepted ones are open
ok - refusals logged at most once a second
ok - the logged counts are refusals
# worst echo round trip during the flood %f s; %d log lines for the refusals
ok - echo client served while the server is full
# the server closed its side of %d connections in %f s
ok - after closing the flood, only the two old clients are open
ok - a new client is served after the flood
ok - no refusal after the flood ended
ok - with the "accepting again" line, the log accounts for every refusal
ok - session table empty again
ok - server stopped cleanly
