--TEST--
Swoole\Server::set(): every bad value throws naming the key and what is allowed; unknown keys warn
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

/* [key, bad value]; the message must name the key (max_conn may be reported as max_connection) */
$cases = [
    ['worker_num', 0],
    ['worker_num', -1],
    ['worker_num', 'abc'],
    ['worker_num', [4]],
    ['reactor_num', 0],
    ['reactor_num', -2],
    ['reactor_num', 'many'],
    ['dispatch_mode', 9],
    ['dispatch_mode', 0],
    ['dispatch_mode', -1],
    ['dispatch_mode', 'fast'],
    ['backlog', 'abc'],
    ['max_connection', -1],
    ['max_connection', 'lots'],
    ['max_conn', 'lots'],
    ['max_conn', -5],
    ['log_level', 7],
    ['log_level', -1],
    ['log_level', 'loud'],
    ['max_wait_time', -1],
    ['max_wait_time', 'forever'],
    ['buffer_output_size', 0],
    ['buffer_output_size', 'big'],
    ['package_max_length', 0],
    ['package_max_length', 'big'],
];

$warnings = [];
set_error_handler(function ($no, $str) use (&$warnings) {
    $warnings[] = [$no, $str];
    return true;
});

$failures = [];
foreach ($cases as [$key, $value]) {
    $server = new Swoole\Server('127.0.0.1', 0);
    $label = "$key => " . json_encode($value);
    try {
        $server->set([$key => $value]);
        $failures[] = "$label: no exception";
    } catch (Swoole\Exception $e) {
        $msg = $e->getMessage();
        $names = [$key];
        if ($key === 'max_conn') {
            $names[] = 'max_connection';
        }
        $named = false;
        foreach ($names as $n) {
            $named = $named || str_contains($msg, $n);
        }
        if (!$named) {
            $failures[] = "$label: message does not name the key: $msg";
        } elseif (!preg_match('/\d|must|allowed|expect|between|one of|positive|integer|number/i', str_replace($names, '', $msg))) {
            $failures[] = "$label: message does not say what is allowed: $msg";
        }
    } catch (Throwable $e) {
        $failures[] = "$label: " . get_class($e) . ' instead of Swoole\Exception: ' . $e->getMessage();
    }
}
swt_check(!$failures, count($cases) . ' bad values rejected with Swoole\Exception naming the key', "\n  " . implode("\n  ", $failures));

/* the error names what is allowed for the enumerations */
$server = new Swoole\Server('127.0.0.1', 0);
try {
    $server->set(['dispatch_mode' => 9]);
} catch (Swoole\Exception $e) {
    swt_check(str_contains($e->getMessage(), '1') && str_contains($e->getMessage(), '3'), 'dispatch_mode message lists the modes', $e->getMessage());
}
try {
    $server->set(['log_level' => 7]);
} catch (Swoole\Exception $e) {
    swt_check(str_contains($e->getMessage(), '0') && str_contains($e->getMessage(), '6'), 'log_level message gives the range 0..6', $e->getMessage());
}

/* good values are accepted, silently */
$warnings = [];
$server = new Swoole\Server('127.0.0.1', 0);
$good = [
    'worker_num' => '4', 'reactor_num' => 2, 'dispatch_mode' => 3, 'backlog' => 128,
    'max_connection' => 1000, 'open_tcp_nodelay' => true, 'log_level' => SWOOLE_LOG_NONE,
    'max_wait_time' => 5, 'buffer_output_size' => 4 * 1024 * 1024, 'package_max_length' => 4 * 1024 * 1024,
    'enable_coroutine' => false, 'daemonize' => false,
];
try {
    $r = $server->set($good);
    swt_check(true, 'valid settings accepted');
} catch (Throwable $e) {
    swt_check(false, 'valid settings accepted', $e->getMessage());
}
swt_check(!$warnings, 'without warnings (enable_coroutine is accepted)', json_encode($warnings));
swt_check(is_array($server->setting) && (int) $server->setting['worker_num'] === 4 && $server->setting['dispatch_mode'] === 3,
    '$server->setting holds them', json_encode($server->setting));
foreach ([['max_conn', 50], ['dispatch_mode', 1], ['dispatch_mode', 2], ['log_level', 0], ['log_level', 6], ['worker_num', 1]] as [$k, $v]) {
    try {
        $server->set([$k => $v]);
    } catch (Throwable $e) {
        swt_check(false, "$k => $v accepted", $e->getMessage());
    }
}

/* an unknown key: a warning naming it, no exception */
$warnings = [];
try {
    $server->set(['worker_num' => 2, 'no_such_setting_xyz' => 1]);
    $threw = false;
} catch (Throwable $e) {
    $threw = true;
}
swt_check(!$threw, 'unknown key does not throw');
$named = array_filter($warnings, fn($w) => $w[0] === E_WARNING && str_contains($w[1], 'no_such_setting_xyz'));
swt_check(count($named) === 1, 'unknown key gives one E_WARNING naming it', json_encode($warnings));

/* nothing was forked by any of this */
swt_check(swt_children(getmypid()) === [], 'no child process was created', json_encode(swt_children(getmypid())));
?>
--EXPECT--
ok - 25 bad values rejected with Swoole\Exception naming the key
ok - dispatch_mode message lists the modes
ok - log_level message gives the range 0..6
ok - valid settings accepted
ok - without warnings (enable_coroutine is accepted)
ok - $server->setting holds them
ok - unknown key does not throw
ok - unknown key gives one E_WARNING naming it
ok - no child process was created
