--TEST--
Swoole\Http\Server: a head sent a byte at a time is closed (408) after http_header_timeout while other clients are served; the buffer it costs is bounded (431)
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux') die('skip needs Linux'); ?>
--FILE--
<?php
require __DIR__ . '/../include/http.inc';

$s = swt_http_start(<<<'PHP'
    $response->end('served');
PHP, ['http_header_timeout' => 2, 'http_max_header_size' => 2048]);

$slow = [];
for ($i = 0; $i < 5; $i++) {
    $slow[] = swt_connect($s->port);
}
$head = "GET / HTTP/1.1\r\nHost: h\r\nX-Slow: " . str_repeat('s', 100) . "\r\n\r\n";
$t0 = swt_now();
$served = 0;
$closedAt = [];
$data = [];
for ($k = 0; count($closedAt) < count($slow) && swt_now() - $t0 < 8; $k++) {
    foreach ($slow as $i => $c) {
        if (isset($closedAt[$i])) {
            continue;
        }
        @fwrite($c, $head[$k % strlen($head)]);
        $chunk = @fread($c, 4096);
        if ($chunk !== false && $chunk !== '') {
            $data[$i] = ($data[$i] ?? '') . $chunk;
        }
        if (feof($c)) {
            $closedAt[$i] = swt_now() - $t0;
        }
    }
    /* meanwhile another client is served at once */
    $r = swt_http_raw($s->port, "GET /other HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", 2);
    if ((swt_http_parse($r['data'])[0]['body'] ?? '') === 'served') {
        $served++;
    }
    usleep(300000);
}
swt_check(count($closedAt) === 5 && max($closedAt) < 5 && min($closedAt) >= 1.5, 'slow heads closed after about 2 s',
    json_encode($closedAt));
$statuses = array_map(fn ($d) => swt_http_parse($d)[0]['status'] ?? null, $data);
swt_check(count($data) === 5 && array_unique($statuses) === [408], 'each got 408', json_encode($statuses));
swt_check($served >= 5 && $served === $k, 'the other client was served every time', "$served of $k");

/* a head that grows without end is refused at the bound, not buffered */
$c = swt_connect($s->port);
swt_write($c, "GET / HTTP/1.1\r\nHost: h\r\nX-Long: ");
$sent = 0;
$ok = true;
while ($sent < 64 * 1024) {
    $w = @fwrite($c, str_repeat('y', 512));
    if ($w === false || $w === 0) {
        break;
    }
    $sent += $w;
    usleep(1000);
}
$r = swt_wait_eof($c, 3);
swt_check($r['eof'] && (swt_http_parse($r['data'])[0]['status'] ?? 0) === 431 && $sent < 64 * 1024,
    'an endless head: 431 once it passes http_max_header_size', "sent $sent");
swt_check(swt_http_req_count($s) === $served, 'only the complete requests reached PHP');
swt_check($s->stop() === 0, 'server stopped cleanly');
?>
--EXPECT--
ok - slow heads closed after about 2 s
ok - each got 408
ok - the other client was served every time
ok - an endless head: 431 once it passes http_max_header_size
ok - only the complete requests reached PHP
ok - server stopped cleanly
