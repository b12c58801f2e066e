<?php
/*
 * Assembles the extension's *.stub.php files (swoole.stub.php and
 * ext-src/*.stub.php) into one IDE stub file, stubs/swoole.php. Every stub
 * uses braced namespaces, so they concatenate as they are; the arginfo
 * generator's file-level annotations are dropped and the constants' UNKNOWN
 * placeholders get the values of the loaded extension.
 *
 *   php -d extension=modules/swoole.so tools/gen_stubs.php           writes stubs/swoole.php
 *   php -d extension=modules/swoole.so tools/gen_stubs.php --check   exit 1 if it is out of date
 */

function swoole_stubs_build(string $root): string
{
	if (!extension_loaded('swoole')) {
		fwrite(STDERR, "gen_stubs.php: load the extension (-d extension=modules/swoole.so)\n");
		exit(2);
	}
	$files = glob("$root/ext-src/*.stub.php");
	sort($files);
	array_unshift($files, "$root/swoole.stub.php");

	$out = "<?php\n/**\n"
		. " * IDE stubs for the swoole extension " . swoole_version() . ", assembled from its *.stub.php\n"
		. " * files by tools/gen_stubs.php: do not edit, regenerate.\n"
		. " *\n"
		. " * Callback signatures: Swoole\\Server::on() (and Server\\Port::on(), Process\\Pool::on()).\n"
		. " * Settings: Swoole\\Server::set() and Swoole\\Http\\Server; docs/settings.md, docs/http.md.\n"
		. " */\n";
	foreach ($files as $file) {
		$code = file_get_contents($file);
		$code = preg_replace('/^<\?php\s*/', '', $code);
		/* the arginfo generator's annotations, not documentation */
		$code = preg_replace('#^/\*\*\s*\n(\s*\*\s*@generate-[^\n]*\n)+\s*\*/\s*\n#', '', $code);
		$code = swoole_stubs_constants($code);
		$rel = substr($file, strlen($root) + 1);
		$out .= "\n// ---- from $rel\n\n" . rtrim($code) . "\n";
	}
	return $out;
}

/* UNKNOWN placeholders (global and class constants) become the extension's values */
function swoole_stubs_constants(string $code): string
{
	$ns = '';
	$class = null;
	$lines = explode("\n", $code);
	foreach ($lines as &$line) {
		if (preg_match('/^\s*namespace\s*([\w\\\\]*)\s*\{/', $line, $m)) {
			$ns = $m[1];
			$class = null;
		} elseif (preg_match('/^\s*(?:final\s+|abstract\s+)*(?:class|interface)\s+(\w+)/', $line, $m)) {
			$class = $m[1];
		} elseif (preg_match('/^(\s*)((?:public\s+)?const)\s+(\w+)\s*=\s*UNKNOWN;/', $line, $m)) {
			$name = $class !== null && str_starts_with($m[2], 'public')
				? ltrim("$ns\\$class", '\\') . '::' . $m[3]
				: ltrim("$ns\\{$m[3]}", '\\');
			$value = defined($name) ? var_export(constant($name), true) : 'null';
			$line = "{$m[1]}{$m[2]} {$m[3]} = $value;";
		}
	}
	return implode("\n", $lines);
}

$root = dirname(__DIR__);
$target = "$root/stubs/swoole.php";
$text = swoole_stubs_build($root);
if (in_array('--check', $argv, true)) {
	if (@file_get_contents($target) !== $text) {
		fwrite(STDERR, "stubs/swoole.php is out of date: run php -d extension=modules/swoole.so tools/gen_stubs.php\n");
		exit(1);
	}
	echo "stubs/swoole.php is up to date\n";
	exit(0);
}
file_put_contents($target, $text);
echo "wrote stubs/swoole.php\n";
