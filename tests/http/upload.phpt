--TEST--
Swoole\Http\Server: multipart/form-data fields and files (upload_tmp_dir, removed after the request unless moved), split at random
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux') die('skip needs Linux'); ?>
--FILE--
<?php
require __DIR__ . '/../include/http.inc';

$dir = sys_get_temp_dir() . '/swt-upload-' . getmypid();
@mkdir($dir);
$moved = "$dir/moved.bin";
$s = swt_http_start(<<<PHP
    \$moved = '$moved';
PHP . <<<'PHP'
    $out = ['post' => $request->post, 'files' => []];
    foreach ((array) $request->files as $k => $f) {
        $out['files'][$k] = $f + ['exists' => is_file($f['tmp_name']), 'uploaded' => is_uploaded_file($f['tmp_name']),
            'md5' => is_file($f['tmp_name']) ? md5_file($f['tmp_name']) : null];
    }
    if (isset($request->files['keep'])) {
        $out['moved'] = move_uploaded_file($request->files['keep']['tmp_name'], $moved);
    }
    echo "TMP " . json_encode(array_column((array) $request->files, 'tmp_name')) . "\n";
    $out['tmpfiles'] = $request->tmpfiles;
    $response->end(json_encode($out));
PHP, ['upload_tmp_dir' => $dir, 'package_max_length' => 4 * 1024 * 1024]);

$b = '----swtBoundary' . bin2hex(random_bytes(4));
$bin = random_bytes(300000) . "\r\n--" . substr($b, 0, 10) . "\r\n";   /* looks almost like a boundary */
$body = "preamble\r\n--$b\r\nContent-Disposition: form-data; name=\"field\"\r\n\r\nvalue 1\r\n"
    . "--$b\r\nContent-Disposition: form-data; name=\"arr[]\"\r\n\r\nA\r\n"
    . "--$b\r\nContent-Disposition: form-data; name=\"arr[]\"\r\n\r\nB\r\n"
    . "--$b\r\nContent-Disposition: form-data; name=\"up\"; filename=\"data.bin\"\r\nContent-Type: application/x-test\r\n\r\n$bin\r\n"
    . "--$b\r\nContent-Disposition: form-data; name=\"keep\"; filename=\"k.txt\"\r\n\r\nkeep me\r\n"
    . "--$b\r\nContent-Disposition: form-data; name=\"empty\"; filename=\"\"\r\n\r\n\r\n"
    . "--$b--\r\nepilogue";
$req = "POST /up HTTP/1.1\r\nHost: h\r\nContent-Type: multipart/form-data; boundary=$b\r\nContent-Length: " . strlen($body) . "\r\n\r\n$body";

$c = swt_connect($s->port);
/* sent in random pieces: the reactor reassembles, the worker parses */
for ($i = 0; $i < strlen($req);) {
    $n = random_int(1, 70000);
    swt_write($c, substr($req, $i, $n));
    $i += $n;
}
$r = swt_http_read_one($c);
fclose($c);
$j = json_decode($r['body'], true);
swt_check($j['post'] === ['field' => 'value 1', 'arr' => ['A', 'B']], 'fields, array-style names', json_encode($j['post']));
$up = $j['files']['up'] ?? [];
swt_check(($up['name'] ?? '') === 'data.bin' && $up['type'] === 'application/x-test' && $up['error'] === 0
    && $up['size'] === strlen($bin) && $up['exists'] && $up['uploaded'] && $up['md5'] === md5($bin)
    && str_starts_with($up['tmp_name'], "$dir/"), 'file: name, type, tmp_name in upload_tmp_dir, error, size, content',
    json_encode($up));
swt_check(($j['files']['empty']['error'] ?? 0) === 4 && $j['files']['empty']['size'] === 0, 'empty file input: UPLOAD_ERR_NO_FILE');
swt_check($j['moved'] === true && file_get_contents($moved) === 'keep me', 'move_uploaded_file() works');
$s->waitFor('/^TMP (.*)$/m');
$tmps = array_filter(json_decode($s->matches('/^TMP (.*)$/m')[0][1], true));
swt_check(count($tmps) === 2 && !array_filter($tmps, 'file_exists'), 'temporary files removed after the request');
swt_check($j['tmpfiles'] === array_values($tmps), '$request->tmpfiles lists them', json_encode($j['tmpfiles']));
swt_check(count(glob("$dir/swoole.upfile.*")) === 0, 'nothing left in upload_tmp_dir');

/* http_parse_files off is Swoole's setting: no files, fields still parsed */
swt_check($s->stop() === 0, 'server stopped cleanly');
@unlink($moved);
@rmdir($dir);
?>
--EXPECT--
ok - fields, array-style names
ok - file: name, type, tmp_name in upload_tmp_dir, error, size, content
ok - empty file input: UPLOAD_ERR_NO_FILE
ok - move_uploaded_file() works
ok - temporary files removed after the request
ok - $request->tmpfiles lists them
ok - nothing left in upload_tmp_dir
ok - server stopped cleanly
