--TEST--
php --ri swoole prints the version and the features (probed on this kernel); phpinfo() shows the same; the version is the same everywhere
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

$argv = swt_php_argv();
$argv[] = '--ri';
$argv[] = 'swoole';
$p = proc_open($argv, [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
$out = stream_get_contents($pipes[1]);
$err = stream_get_contents($pipes[2]);
$code = proc_close($p);

swt_check($code === 0, 'php --ri swoole exits 0', "$code $err");
swt_check(preg_match('/^swoole$/m', $out) === 1, 'it prints the extension name as its heading', $out);
$v = swoole_version();
swt_check(preg_match('/^\d+\.\d+\.\d+([-.]?\w+)?$/', $v) === 1, 'swoole_version() is a version number', $v);
swt_check(preg_match('/\b' . preg_quote($v, '/') . '\b/', $out) === 1, 'the --ri output holds the version', $out);
swt_check(SWOOLE_VERSION === $v && phpversion('swoole') === $v, 'SWOOLE_VERSION, swoole_version() and phpversion() agree',
    json_encode([SWOOLE_VERSION, $v, phpversion('swoole')]));
swt_check(trim($err) === '', 'nothing on stderr', $err);

/* the feature rows: name => value */
preg_match_all('/^(.+?) => (.+)$/m', $out, $m, PREG_SET_ORDER);
$rows = [];
foreach ($m as [, $k, $v]) {
    $rows[trim($k)] = trim($v);
}
$row = fn(string $k) => $rows[$k] ?? '(missing)';
swt_check(str_contains($row('server modes'), 'SWOOLE_PROCESS') && str_contains($row('server modes'), 'SWOOLE_BASE'),
    'both server modes are listed', $row('server modes'));
swt_check($row('event loop') === 'epoll', 'the event loop is epoll', $row('event loop'));
[$major, $minor] = array_map('intval', explode('.', php_uname('r')) + [1 => 0]);
$kernel = $major * 100 + $minor;
swt_check($row('EPOLLEXCLUSIVE (SWOOLE_BASE accept)') === ($kernel >= 405 ? 'yes' : 'no'),
    'EPOLLEXCLUSIVE as the kernel version says (4.5+)', php_uname('r') . ' ' . $row('EPOLLEXCLUSIVE (SWOOLE_BASE accept)'));
swt_check($row('SO_REUSEPORT (enable_reuse_port)') === ($kernel >= 309 ? 'yes' : 'no'),
    'SO_REUSEPORT as the kernel version says (3.9+)', $row('SO_REUSEPORT (enable_reuse_port)'));
/* SysV IPC is there when the kernel lists its queues */
swt_check($row('SysV message queues (ipc_mode 2, task_ipc_mode 2/3)') === (is_readable('/proc/sysvipc/msg') ? 'yes' : 'no'),
    'SysV message queues as /proc/sysvipc says', $row('SysV message queues (ipc_mode 2, task_ipc_mode 2/3)'));
swt_check(preg_match('/^yes \(zlib \d+\.\d+[\w.-]*\)$/', $row('compression (gzip, deflate)')) === 1,
    'gzip/deflate with the zlib version', $row('compression (gzip, deflate)'));
foreach (['HTTP server (Swoole\\Http\\Server)', 'sendfile (static files, Server::sendfile)', 'timers (Swoole\\Timer)',
        'shared memory table (Swoole\\Table)', 'Swoole\\Atomic wait/wakeup (futex)', 'Swoole\\Process',
        'Swoole\\Client (blocking TCP, UDP, unix)', 'task workers', 'accept4', 'IPC over unix socketpairs (ipc_mode 1)'] as $k) {
    swt_check($row($k) === 'yes', "$k: yes", $row($k));
}
swt_check(str_starts_with($row('Swoole\\Process\\Pool'), 'yes'), 'Process\\Pool: yes', $row('Swoole\\Process\\Pool'));
swt_check(in_array($row('debug build'), ['yes', 'no'], true), 'debug build: yes or no', $row('debug build'));
swt_check(count($rows) >= 25, 'at least 25 rows', (string) count($rows));

/* phpinfo() prints the same section */
$argv = swt_php_argv();
array_push($argv, '-r', 'phpinfo(INFO_MODULES);');
$p = proc_open($argv, [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
$info = stream_get_contents($pipes[1]);
stream_get_contents($pipes[2]);
proc_close($p);
$missing = [];
foreach ($rows as $k => $v) {
    if (!str_contains($info, "$k => $v\n")) {
        $missing[] = "$k => $v";
    }
}
swt_check(!$missing, 'phpinfo() shows every row of php --ri swoole', implode("\n", $missing));
?>
--EXPECT--
ok - php --ri swoole exits 0
ok - it prints the extension name as its heading
ok - swoole_version() is a version number
ok - the --ri output holds the version
ok - SWOOLE_VERSION, swoole_version() and phpversion() agree
ok - nothing on stderr
ok - both server modes are listed
ok - the event loop is epoll
ok - EPOLLEXCLUSIVE as the kernel version says (4.5+)
ok - SO_REUSEPORT as the kernel version says (3.9+)
ok - SysV message queues as /proc/sysvipc says
ok - gzip/deflate with the zlib version
ok - HTTP server (Swoole\Http\Server): yes
ok - sendfile (static files, Server::sendfile): yes
ok - timers (Swoole\Timer): yes
ok - shared memory table (Swoole\Table): yes
ok - Swoole\Atomic wait/wakeup (futex): yes
ok - Swoole\Process: yes
ok - Swoole\Client (blocking TCP, UDP, unix): yes
ok - task workers: yes
ok - accept4: yes
ok - IPC over unix socketpairs (ipc_mode 1): yes
ok - Process\Pool: yes
ok - debug build: yes or no
ok - at least 25 rows
ok - phpinfo() shows every row of php --ri swoole
