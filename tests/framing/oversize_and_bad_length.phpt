--TEST--
Framing: a frame over package_max_length, a negative or impossible length closes only that connection, promptly, and is logged
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--INI--
memory_limit=512M
--FILE--
<?php
require __DIR__ . '/../include/framing.inc';

/*
 * Four servers (log to stderr, the default): length 'N' with
 * package_max_length 64 KiB, signed 'l' after a 2-byte magic, 'J', and
 * EOF split with package_max_length 64 KiB. Each onReceive is answered with
 * "<fd> <length> <md5>\n"; onClose prints "CLOSE <fd>".
 *
 * For each bad input a fresh connection first sends a good frame (to learn
 * its fd), then only the bad header: the server must close it without
 * waiting for a body (EOF within 1 s), run onClose, and write a log line
 * that names the connection. A bystander connection opened before, with
 * half a frame sent before the bad input and the other half after, gets its
 * answer; so does a connection opened afterwards. A frame of exactly
 * package_max_length bytes is accepted.
 */
$code = <<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0, SWOOLE_PROCESS);
$server->set($settings + ['worker_num' => 2, 'reactor_num' => 2, 'dispatch_mode' => 2]);
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$server->on('close', function ($server, $fd) { echo "CLOSE $fd\n"; });
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    $server->send($fd, "$fd " . strlen($data) . ' ' . md5($data) . "\n");
});
echo "PORT {$server->port}\n";
$server->start();
PHP;

const MAXLEN = 65536;
$kinds = [
    'N' => ['open_length_check' => true, 'package_max_length' => MAXLEN],
    'l' => ['open_length_check' => true, 'package_length_type' => 'l', 'package_length_offset' => 2,
        'package_body_offset' => 6],
    'J' => ['open_length_check' => true, 'package_length_type' => 'J', 'package_length_offset' => 0,
        'package_body_offset' => 8],
    'eof' => ['open_eof_split' => true, 'package_eof' => "\r\n", 'package_max_length' => MAXLEN],
];
$servers = [];
foreach ($kinds as $k => $settings) {
    $servers[$k] = new SwtServer("<?php\n" . frm_settings_code($settings) . $code);
    SwtServer::$created[] = $servers[$k];
}
foreach ($servers as $srv) {
    frm_wait_ready($srv, 2);
}

/* a good frame of each kind with a body of $n bytes */
function good(string $kind, int $n): string
{
    $body = str_repeat(chr(65 + $n % 26), $n);
    return match ($kind) {
        'N' => pack('N', $n) . $body,
        'l' => "\xCA\xFE" . pack('l', $n) . $body,
        'J' => pack('J', $n) . $body,
        'eof' => str_replace("\r", '', $body) . "\r\n",
    };
}

/* sends a frame, returns the reply line (without "\n") or null */
function ask($c, string $frame, float $timeout = 5.0): ?string
{
    if (!swt_write($c, $frame, $timeout)) {
        return null;
    }
    $r = swt_read_until($c, "\n", $timeout);
    return str_ends_with($r, "\n") ? substr($r, 0, -1) : null;
}

function expect_reply(string $frame, ?string $reply, ?int $fd = null): bool
{
    if ($reply === null || !preg_match('/^(\d+) (\d+) ([0-9a-f]{32})$/', $reply, $m)) {
        return false;
    }
    return (int) $m[2] === strlen($frame) && $m[3] === md5($frame) && ($fd === null || (int) $m[1] === $fd);
}

$bad = [
    ['N', 'length beyond package_max_length (64 KiB + 1 byte frame)', pack('N', MAXLEN - 3)],
    ['N', 'length 0xFFFFFFFF', "\xFF\xFF\xFF\xFF"],
    ['l', 'negative length -1 (signed l)', "\xCA\xFE" . pack('l', -1)],
    ['l', 'negative length -2^31 (signed l)', "\xCA\xFE" . pack('l', -2147483648)],
    ['l', 'length beyond the default package_max_length (2 MiB)', "\xCA\xFE" . pack('l', 2 * FRM_MIB)],
    ['J', 'length 2^64-1 (J)', pack('J', -1)],
    ['J', 'length 2^63 (J)', pack('J', PHP_INT_MIN)],
    ['eof', 'no eof within package_max_length', str_repeat('x', MAXLEN + 100)],
];

/* bystanders: opened before anything bad happens, used before and after */
$by = [];
foreach ($servers as $k => $srv) {
    $by[$k] = frm_connect($srv->port);
    $f = good($k, 100);
    swt_check(expect_reply($f, ask($by[$k], $f)), "$k: bystander served before");
}

/* a frame of exactly package_max_length bytes passes */
foreach (['N', 'eof'] as $k) {
    $c = frm_connect($servers[$k]->port);
    $f = good($k, $k === 'N' ? MAXLEN - 4 : MAXLEN - 2);
    $r = ask($c, $f);
    swt_check(strlen($f) === MAXLEN && expect_reply($f, $r), "$k: a frame of exactly package_max_length bytes is delivered",
        var_export($r, true));
    fclose($c);
}

foreach ($bad as $n => [$k, $what, $header]) {
    $srv = $servers[$k];
    /* the bystander is in the middle of a frame */
    $half = good($k, 3000 + $n);
    swt_write($by[$k], substr($half, 0, 1500));

    $c = frm_connect($srv->port);
    $f = good($k, 10 + $n);
    $r = ask($c, $f);
    if (!expect_reply($f, $r) || !preg_match('/^(\d+) /', $r, $m)) {
        swt_check(false, "$k: $what: the victim is served first", var_export($r, true));
        continue;
    }
    $fd = (int) $m[1];
    $errBefore = strlen($srv->stderr());
    $t0 = swt_now();
    swt_write($c, $header);
    $eof = swt_wait_eof($c, 3.0);
    $after = swt_now() - $t0;
    swt_check($eof['eof'] && $after < 1.0 && $eof['data'] === '', "$k: $what: connection closed promptly",
        sprintf('eof %s after %.2f s, got %s', var_export($eof['eof'], true), $after, frm_show($eof['data'])));
    fclose($c);
    $srv->waitFor('/^CLOSE ' . $fd . '$/m', 1, 5.0);
    $log = swt_wait_until(function () use ($srv, $errBefore, $fd) {
        foreach (explode("\n", substr($srv->stderr(), $errBefore)) as $line) {
            $line = preg_replace('/^\[[^\]]*\]/', '', $line);     /* not the digits of the time stamp */
            if (preg_match('/\b' . $fd . '\b/', $line) && preg_match('/length|frame|package|eof/i', $line)) {
                return $line;
            }
        }
        return false;
    }, 3.0, 'log line', false);
    swt_check((bool) $log, "$k: $what: logged, naming the connection",
        'stderr since: ' . var_export(substr($srv->stderr(), $errBefore), true));

    /* the bystander finishes its frame and is answered */
    swt_write($by[$k], substr($half, 1500));
    $r = rtrim(swt_read_until($by[$k], "\n", 5.0), "\n");
    swt_check(expect_reply($half, $r), "$k: $what: the bystander's frame, split around it, is answered", var_export($r, true));
}

foreach ($servers as $k => $srv) {
    $c = frm_connect($srv->port);
    $f = good($k, 555);
    swt_check(expect_reply($f, ask($c, $f)), "$k: a new connection is served afterwards");
    fclose($c);
    fclose($by[$k]);
    swt_check($srv->stop() === 0, "$k: master exit code 0 after SIGTERM");
}
?>
--EXPECT--
ok - N: bystander served before
ok - l: bystander served before
ok - J: bystander served before
ok - eof: bystander served before
ok - N: a frame of exactly package_max_length bytes is delivered
ok - eof: a frame of exactly package_max_length bytes is delivered
ok - N: length beyond package_max_length (64 KiB + 1 byte frame): connection closed promptly
ok - N: length beyond package_max_length (64 KiB + 1 byte frame): logged, naming the connection
ok - N: length beyond package_max_length (64 KiB + 1 byte frame): the bystander's frame, split around it, is answered
ok - N: length 0xFFFFFFFF: connection closed promptly
ok - N: length 0xFFFFFFFF: logged, naming the connection
ok - N: length 0xFFFFFFFF: the bystander's frame, split around it, is answered
ok - l: negative length -1 (signed l): connection closed promptly
ok - l: negative length -1 (signed l): logged, naming the connection
ok - l: negative length -1 (signed l): the bystander's frame, split around it, is answered
ok - l: negative length -2^31 (signed l): connection closed promptly
ok - l: negative length -2^31 (signed l): logged, naming the connection
ok - l: negative length -2^31 (signed l): the bystander's frame, split around it, is answered
ok - l: length beyond the default package_max_length (2 MiB): connection closed promptly
ok - l: length beyond the default package_max_length (2 MiB): logged, naming the connection
ok - l: length beyond the default package_max_length (2 MiB): the bystander's frame, split around it, is answered
ok - J: length 2^64-1 (J): connection closed promptly
ok - J: length 2^64-1 (J): logged, naming the connection
ok - J: length 2^64-1 (J): the bystander's frame, split around it, is answered
ok - J: length 2^63 (J): connection closed promptly
ok - J: length 2^63 (J): logged, naming the connection
ok - J: length 2^63 (J): the bystander's frame, split around it, is answered
ok - eof: no eof within package_max_length: connection closed promptly
ok - eof: no eof within package_max_length: logged, naming the connection
ok - eof: no eof within package_max_length: the bystander's frame, split around it, is answered
ok - N: a new connection is served afterwards
ok - N: master exit code 0 after SIGTERM
ok - l: a new connection is served afterwards
ok - l: master exit code 0 after SIGTERM
ok - J: a new connection is served afterwards
ok - J: master exit code 0 after SIGTERM
ok - eof: a new connection is served afterwards
ok - eof: master exit code 0 after SIGTERM
