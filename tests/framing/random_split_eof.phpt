--TEST--
Framing: EOF check with and without split, eofs of 1 to 8 bytes, bodies full of partial eofs, random splits
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--INI--
memory_limit=1G
--FILE--
<?php
require __DIR__ . '/../include/framing.inc';

/*
 * Bodies contain prefixes, suffixes and near misses of the eof (never the
 * eof itself), and the eofs overlap themselves ("\r\n\r\n", "ABABABAC"), so a
 * matcher that restarts at the wrong place or forgets an eof cut between two
 * reads loses or invents a frame boundary.
 * - open_eof_split: exactly one frame per onReceive.
 * - open_eof_check alone: every onReceive ends with the eof and the pieces
 *   concatenate to exactly what was sent.
 */
$seed = frm_seed(31337);
echo "seed $seed\n";

$eofs = [
    'crlf2' => "\r\n\r\n",
    'lf' => "\n",
    'overlap8' => 'ABABABAC',
    'binary' => "\0\xff",
];
$configs = [];
foreach ($eofs as $label => $eof) {
    $configs["split $label"] = [
        'settings' => ['open_eof_check' => true, 'open_eof_split' => true, 'package_eof' => $eof],
        'kind' => 'frames',
        'gen' => fn() => frm_eof_frames(mt_rand(150, 200), $eof),
    ];
}
foreach (['crlf2', 'overlap8'] as $label) {
    $eof = $eofs[$label];
    $configs["check $label"] = [
        'settings' => ['open_eof_check' => true, 'package_eof' => $eof],
        'kind' => 'eof_runs',
        'eof' => $eof,
        'gen' => fn() => frm_eof_frames(mt_rand(150, 200), $eof),
    ];
}
frm_random_split_run($configs, 4);
?>
--EXPECTF--
seed %d
ok - split crlf2: 4 random-split connections: one frame per onReceive, byte-exact, in order
ok - split lf: 4 random-split connections: one frame per onReceive, byte-exact, in order
ok - split overlap8: 4 random-split connections: one frame per onReceive, byte-exact, in order
ok - split binary: 4 random-split connections: one frame per onReceive, byte-exact, in order
ok - check crlf2: 4 random-split connections: every onReceive ends with the eof, all bytes in order
ok - check overlap8: 4 random-split connections: every onReceive ends with the eof, all bytes in order
