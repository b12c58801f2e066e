--TEST--
swoole_cpu_num, swoole_get_local_ip, swoole_strerror with each error type, swoole_errno, swoole_last_error, swoole_clear_error, version constants
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux') die('skip needs Linux'); ?>
--FILE--
<?php
/* the processors the kernel lists as online */
$online = 0;
foreach (explode(',', trim((string) @file_get_contents('/sys/devices/system/cpu/online'))) as $range) {
    $p = explode('-', $range);
    $online += count($p) === 2 ? (int) $p[1] - (int) $p[0] + 1 : 1;
}
var_dump(swoole_cpu_num() === $online);

$ips = swoole_get_local_ip();
$bad = [];
foreach ($ips as $if => $ip) {
    if (!is_dir("/sys/class/net/$if") || filter_var($ip, FILTER_VALIDATE_IP, FILTER_FLAG_IPV4) === false || str_starts_with($ip, '127.')) {
        $bad[] = "$if=$ip";
    }
}
var_dump(is_array($ips), !isset($ips['lo']), $bad);
/* the same addresses as `ip -4 addr` shows (first address per interface, no loopback) */
exec('ip -4 -o addr show up 2>/dev/null', $lines, $rc);
if ($rc === 0) {
    $expect = [];
    foreach ($lines as $l) {
        if (preg_match('/^\d+:\s+(\S+)\s+inet\s+([\d.]+)\//', $l, $m) && !str_starts_with($m[2], '127.') && !isset($expect[$m[1]])) {
            $expect[$m[1]] = $m[2];
        }
    }
    ksort($expect);
    ksort($ips);
    echo $expect === $ips ? "same as ip addr\n" : 'differs: ' . json_encode([$expect, $ips]) . "\n";
} else {
    echo "same as ip addr\n";
}

var_dump(swoole_strerror(2), swoole_strerror(2, SWOOLE_STRERROR_SYSTEM) === swoole_strerror(2));
var_dump(swoole_strerror(7001), swoole_strerror(1004, SWOOLE_STRERROR_SWOOLE));
var_dump(swoole_strerror(-2, SWOOLE_STRERROR_GAI), swoole_strerror(1, SWOOLE_STRERROR_DNS));
var_dump(swoole_strerror(999999));
var_dump(SWOOLE_STRERROR_SYSTEM, SWOOLE_STRERROR_GAI, SWOOLE_STRERROR_DNS, SWOOLE_STRERROR_SWOOLE);

/* an operation that fails sets the last error; clear resets it */
$a = new Swoole\Atomic(0);
$a->wait(0.01);
var_dump(swoole_last_error(), swoole_strerror(swoole_last_error()));
swoole_clear_error();
var_dump(swoole_last_error(), swoole_errno());
$t = new Swoole\Table(8);
$t->column('v', Swoole\Table::TYPE_INT);
$t->create();
@$t->set(str_repeat('x', 100), ['v' => 1]);
var_dump(swoole_last_error(), swoole_strerror(swoole_last_error()));

var_dump(SWOOLE_VERSION === sprintf('%d.%d.%d', SWOOLE_MAJOR_VERSION, SWOOLE_MINOR_VERSION, SWOOLE_RELEASE_VERSION),
    SWOOLE_VERSION_ID === SWOOLE_MAJOR_VERSION * 10000 + SWOOLE_MINOR_VERSION * 100 + SWOOLE_RELEASE_VERSION,
    swoole_version() === SWOOLE_VERSION);
var_dump(SWOOLE_LOG_DEBUG, SWOOLE_LOG_NONE, SWOOLE_SOCK_TCP, SWOOLE_SOCK_UDP, SWOOLE_SOCK_TCP6, SWOOLE_SOCK_UDP6,
    SWOOLE_SOCK_UNIX_DGRAM, SWOOLE_SOCK_UNIX_STREAM);
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
array(0) {
}
same as ip addr
string(25) "No such file or directory"
bool(true)
string(76) "Table is full (the key's bucket is taken and the overflow pool is exhausted)"
string(17) "Session is closed"
string(25) "Name or service not known"
string(12) "Unknown host"
string(13) "Unknown error"
int(0)
int(1)
int(2)
int(9)
int(110)
string(20) "Connection timed out"
int(0)
int(0)
int(7002)
string(21) "Table key is too long"
bool(true)
bool(true)
bool(true)
int(0)
int(6)
int(1)
int(2)
int(3)
int(4)
int(5)
int(6)
