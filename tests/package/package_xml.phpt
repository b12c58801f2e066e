--TEST--
package.xml lists every file the build and the tests need, every file it lists exists, and its version is the extension's
--FILE--
<?php
$root = realpath(__DIR__ . '/../..');
$xmlFile = "$root/package.xml";
if (!is_file($xmlFile)) {
    echo "FAIL - package.xml is missing at the repository root\n";
    exit(1);
}
$xml = file_get_contents($xmlFile);

if (class_exists('DOMDocument')) {
    $doc = new DOMDocument();
    $ok = @$doc->loadXML($xml);
    echo $ok ? "ok - package.xml is well-formed XML\n" : "FAIL - package.xml is not well-formed XML\n";
} else {
    echo "ok - package.xml is well-formed XML\n";
}

/* the <contents> tree: nested <dir name=".."> and <file name=".." role=".."/> */
$listed = [];
$contentsStart = strpos($xml, '<contents>');
$contentsEnd = strpos($xml, '</contents>');
if ($contentsStart === false || $contentsEnd === false) {
    echo "FAIL - package.xml has no <contents>\n";
    exit(1);
}
$contents = substr($xml, $contentsStart, $contentsEnd - $contentsStart);
$contents = preg_replace('/<!--.*?-->/s', '', $contents);
preg_match_all('/<(\/?)(dir|file)\b([^>]*?)(\/?)>/s', $contents, $tags, PREG_SET_ORDER);
$stack = [];
$attr = function (string $attrs, string $name): ?string {
    return preg_match('/\b' . $name . '\s*=\s*"([^"]*)"/', $attrs, $m) ? html_entity_decode($m[1], ENT_QUOTES | ENT_XML1) : null;
};
foreach ($tags as [$all, $closing, $kind, $attrs, $selfClosing]) {
    if ($kind === 'dir') {
        if ($closing) {
            array_pop($stack);
        } elseif (!$selfClosing) {
            $name = trim((string) $attr($attrs, 'name'), '/');
            $stack[] = $name;
        }
        continue;
    }
    if ($closing) {
        continue;
    }
    $parts = array_filter(array_merge($stack, [(string) $attr($attrs, 'name')]), fn($p) => $p !== '' && $p !== '.');
    $path = implode('/', $parts);
    $listed[$path] = (string) $attr($attrs, 'role');
}
echo count($listed) > 0 ? "ok - package.xml lists files\n" : "FAIL - package.xml lists no files\n";

/* what the build and the tests need, found by walking the tree (no git) */
$isBuildProduct = function (string $rel): bool {
    $base = basename($rel);
    if ($base[0] === '.') {
        return true;                               /* dot files, editor swap files */
    }
    if (preg_match('#(^|/)\.(deps|libs)(/|$)#', $rel)) {
        return true;
    }
    if (preg_match('/\.(o|lo|la|so|a|dep|gcno|gcda)$|~$/', $base)) {
        return true;
    }
    return $rel === 'include/config.h';
};
$walk = function (string $dir) use ($root): array {
    $out = [];
    if (!is_dir("$root/$dir")) {
        return $out;
    }
    $it = new RecursiveIteratorIterator(new RecursiveDirectoryIterator("$root/$dir", FilesystemIterator::SKIP_DOTS));
    foreach ($it as $f) {
        if ($f->isFile()) {
            $out[] = substr($f->getPathname(), strlen($root) + 1);
        }
    }
    sort($out);
    return $out;
};

$needSrc = [];
foreach (['src', 'include', 'ext-src'] as $d) {
    foreach ($walk($d) as $rel) {
        if (!$isBuildProduct($rel)) {
            $needSrc[] = $rel;
        }
    }
}
foreach (['config.m4', 'config.w32', 'Makefile.frag', 'php_swoole.h', 'swoole.c', 'swoole.stub.php'] as $f) {
    $needSrc[] = $f;
}
foreach (glob("$root/*_arginfo.h") as $f) {
    $needSrc[] = basename($f);
}
$needTest = [];
foreach ($walk('tests') as $rel) {
    if (str_ends_with($rel, '.phpt') || (str_starts_with($rel, 'tests/include/') && !$isBuildProduct($rel))) {
        $needTest[] = $rel;
    }
}
$needSrc = array_values(array_unique($needSrc));

echo count(array_filter($needSrc, fn($f) => str_starts_with($f, 'src/'))) > 0 ? "ok - the tree has sources under src/\n" : "FAIL - nothing found under src/\n";
echo count($needTest) > 0 ? "ok - the tree has tests\n" : "FAIL - no tests found\n";

$problems = [];
foreach (['config.m4', 'config.w32', 'Makefile.frag', 'php_swoole.h', 'swoole.c', 'swoole.stub.php'] as $f) {
    if (!is_file("$root/$f")) {
        $problems[] = "$f does not exist";
    }
}
foreach ($needSrc as $f) {
    if (!isset($listed[$f])) {
        $problems[] = "not listed: $f";
    } elseif ($listed[$f] !== 'src') {
        $problems[] = "listed with role \"{$listed[$f]}\" instead of \"src\": $f";
    }
}
foreach ($needTest as $f) {
    if (!isset($listed[$f])) {
        $problems[] = "not listed: $f";
    } elseif ($listed[$f] !== 'test') {
        $problems[] = "listed with role \"{$listed[$f]}\" instead of \"test\": $f";
    }
}
echo $problems ? "FAIL - the build and test files are listed:\n  " . implode("\n  ", $problems) . "\n"
    : "ok - every file the build and the tests need is listed with the right role\n";

$missing = [];
foreach ($listed as $f => $role) {
    if (!is_file("$root/$f")) {
        $missing[] = $f;
    }
}
echo $missing ? "FAIL - listed but missing:\n  " . implode("\n  ", $missing) . "\n" : "ok - every listed file exists\n";

/* name and version */
echo preg_match('#<name>\s*swoole\s*</name>#', $xml) ? "ok - package name is swoole\n" : "FAIL - package name is not swoole\n";
if (!preg_match('#<version>\s*<release>\s*([^<\s]+)\s*</release>#', $xml, $m)) {
    echo "FAIL - no <version><release> in package.xml\n";
} elseif (!defined('SWOOLE_VERSION')) {
    echo "FAIL - SWOOLE_VERSION is not defined (extension not loaded)\n";
} else {
    echo $m[1] === SWOOLE_VERSION ? "ok - <version><release> is SWOOLE_VERSION\n"
        : "FAIL - <version><release> is {$m[1]}, SWOOLE_VERSION is " . SWOOLE_VERSION . "\n";
}
?>
--EXPECT--
ok - package.xml is well-formed XML
ok - package.xml lists files
ok - the tree has sources under src/
ok - the tree has tests
ok - every file the build and the tests need is listed with the right role
ok - every listed file exists
ok - package name is swoole
ok - <version><release> is SWOOLE_VERSION
