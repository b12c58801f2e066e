<?php
/*
 * Writes package.xml (PEAR package 2.0, for `pecl package` / `pecl install`)
 * from a walk of the source tree, so the release tarball always holds every
 * file the build and the tests need.
 *
 *   php tools/gen_package_xml.php            rewrite package.xml
 *   php tools/gen_package_xml.php --check    exit 1 if package.xml is stale
 *   php tools/gen_package_xml.php --stdout   print instead of writing
 *
 * The version comes from SW_VERSION in include/sw_config.h. The release date
 * is kept from the existing package.xml while the version is unchanged, so
 * regenerating is deterministic.
 */

const PACKAGE_NAME = 'swoole';
const SUMMARY = 'Event-driven asynchronous network server for PHP';
const DESCRIPTION = 'A reimplementation of the classic Swoole server: an event-driven TCP server core written in C '
    . '(a master process with reactor threads, a manager process and worker processes) that calls PHP '
    . 'callbacks in its workers.';
const LICENSE_NAME = 'Apache-2.0';
const LICENSE_URI = 'https://www.apache.org/licenses/LICENSE-2.0';
const PHP_MIN = '8.1.0';
const PEAR_MIN = '1.10.0';
const STABILITY = 'beta';
const LEADS = [
    ['name' => 'swoole maintainers', 'user' => 'swoole', 'email' => 'swoole@php.net'],
];

$root = dirname(__DIR__);

/* Build products and run-time litter that may sit in the tree but never ship. */
function is_litter(string $name): bool
{
    if ($name === '' || $name[0] === '.') {
        return true;
    }
    return (bool) preg_match('/\.(o|lo|la|a|so|dep|gcda|gcno|diff|exp|log|out|mem|swp|orig|rej|bak)$|~$/', $name);
}

/** Files under $dir (relative to $root), recursively, that $accept keeps. */
function walk(string $root, string $dir, callable $accept): array
{
    $found = [];
    $abs = "$root/$dir";
    if (!is_dir($abs)) {
        return $found;
    }
    foreach (scandir($abs) as $name) {
        if ($name === '.' || $name === '..' || is_litter($name)) {
            continue;
        }
        $rel = "$dir/$name";
        if (is_link("$root/$rel")) {
            continue;
        }
        if (is_dir("$root/$rel")) {
            array_push($found, ...walk($root, $rel, $accept));
        } elseif (is_file("$root/$rel") && $accept($rel)) {
            $found[] = $rel;
        }
    }
    return $found;
}

function has_suffix(string $path, string ...$suffixes): bool
{
    foreach ($suffixes as $suffix) {
        if (substr($path, -strlen($suffix)) === $suffix) {
            return true;
        }
    }
    return false;
}

/** @return array<string, string> path => role */
function collect_files(string $root): array
{
    $files = [];
    $add = function (array $paths, string $role) use (&$files) {
        foreach ($paths as $path) {
            $files[$path] = $role;
        }
    };

    // The build: top level, the core, the binding.
    foreach (['config.m4', 'config.w32', 'Makefile.frag', 'php_swoole.h', 'swoole.c'] as $f) {
        if (is_file("$root/$f")) {
            $files[$f] = 'src';
        }
    }
    foreach (scandir($root) as $name) {
        if (is_file("$root/$name") && !is_litter($name) && has_suffix($name, '.stub.php', '_arginfo.h')) {
            $files[$name] = 'src';
        }
    }
    $source = fn(string $p) => has_suffix($p, '.c', '.h', '.re', '.stub.php');
    $add(walk($root, 'include', fn($p) => has_suffix($p, '.h')), 'src');
    $add(walk($root, 'src', $source), 'src');
    $add(walk($root, 'ext-src', $source), 'src');

    // Tests: phpt suites, their includes, and the C unit tests.
    $add(walk($root, 'tests', function (string $p) {
        if (has_suffix($p, '.phpt', '.inc')) {
            return true;
        }
        if (strpos($p, 'tests/include/') === 0) {
            return true;
        }
        if (preg_match('#^tests/unit/[^/]+$#', $p)) {
            return has_suffix($p, '.c', '.h') || in_array(basename($p), ['Makefile', 'run.sh'], true);
        }
        return false;
    }), 'test');

    // Documentation and examples.
    $add(walk($root, 'examples', function (string $p) {
        return has_suffix($p, '.php', '.c', '.h', '.md', '.sh', '.txt', '.inc', '.json', '.conf', '.csv')
            || basename($p) === 'Makefile';
    }), 'doc');
    $add(walk($root, 'docs', fn($p) => true), 'doc');
    $add(walk($root, 'stubs', fn($p) => has_suffix($p, '.php')), 'doc');
    foreach (['README.md', 'LICENSE', 'NOTICE', 'CHANGELOG.md'] as $f) {
        if (is_file("$root/$f")) {
            $files[$f] = 'doc';
        }
    }

    uksort($files, 'strcmp');
    return $files;
}

function read_version(string $root): string
{
    $config = @file_get_contents("$root/include/sw_config.h");
    if ($config === false || !preg_match('/^#define\s+SW_VERSION\s+"([^"]+)"/m', $config, $m)) {
        fwrite(STDERR, "gen_package_xml: SW_VERSION not found in include/sw_config.h\n");
        exit(2);
    }
    return $m[1];
}

/** The release date of the existing package.xml when it describes the same version. */
function release_date(string $root, string $version): string
{
    $old = @file_get_contents("$root/package.xml");
    if ($old !== false
        && preg_match('#<release>([^<]+)</release>#', $old, $v) && $v[1] === $version
        && preg_match('#<date>(\d{4}-\d{2}-\d{2})</date>#', $old, $d)) {
        return $d[1];
    }
    return gmdate('Y-m-d');
}

function xml(string $s): string
{
    return htmlspecialchars($s, ENT_XML1 | ENT_QUOTES, 'UTF-8');
}

function render(string $version, string $date, array $files): string
{
    $out = [];
    $out[] = '<?xml version="1.0" encoding="UTF-8"?>';
    $out[] = '<package packagerversion="1.10.13" version="2.0" xmlns="http://pear.php.net/dtd/package-2.0"'
        . ' xmlns:tasks="http://pear.php.net/dtd/tasks-1.0"'
        . ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        . ' xsi:schemaLocation="http://pear.php.net/dtd/tasks-1.0 http://pear.php.net/dtd/tasks-1.0.xsd'
        . ' http://pear.php.net/dtd/package-2.0 http://pear.php.net/dtd/package-2.0.xsd">';
    $out[] = ' <name>' . PACKAGE_NAME . '</name>';
    $out[] = ' <channel>pecl.php.net</channel>';
    $out[] = ' <summary>' . xml(SUMMARY) . '</summary>';
    $out[] = ' <description>' . xml(DESCRIPTION) . '</description>';
    foreach (LEADS as $lead) {
        $out[] = ' <lead>';
        $out[] = '  <name>' . xml($lead['name']) . '</name>';
        $out[] = '  <user>' . xml($lead['user']) . '</user>';
        $out[] = '  <email>' . xml($lead['email']) . '</email>';
        $out[] = '  <active>yes</active>';
        $out[] = ' </lead>';
    }
    $out[] = " <date>$date</date>";
    $out[] = ' <version>';
    $out[] = "  <release>$version</release>";
    $out[] = "  <api>$version</api>";
    $out[] = ' </version>';
    $out[] = ' <stability>';
    $out[] = '  <release>' . STABILITY . '</release>';
    $out[] = '  <api>' . STABILITY . '</api>';
    $out[] = ' </stability>';
    $out[] = ' <license uri="' . LICENSE_URI . '">' . LICENSE_NAME . '</license>';
    $out[] = ' <notes>';
    $out[] = "  Release $version: process-mode TCP server (Swoole\\Server), see README.md.";
    $out[] = ' </notes>';
    $out[] = ' <contents>';
    $out[] = '  <dir name="/">';
    foreach ($files as $path => $role) {
        $out[] = '   <file name="' . xml($path) . '" role="' . $role . '" />';
    }
    $out[] = '  </dir>';
    $out[] = ' </contents>';
    $out[] = ' <dependencies>';
    $out[] = '  <required>';
    $out[] = '   <php>';
    $out[] = '    <min>' . PHP_MIN . '</min>';
    $out[] = '   </php>';
    $out[] = '   <pearinstaller>';
    $out[] = '    <min>' . PEAR_MIN . '</min>';
    $out[] = '   </pearinstaller>';
    $out[] = '  </required>';
    $out[] = ' </dependencies>';
    $out[] = ' <providesextension>' . PACKAGE_NAME . '</providesextension>';
    $out[] = ' <extsrcrelease />';
    $out[] = '</package>';
    return implode("\n", $out) . "\n";
}

$mode = $argv[1] ?? '';
if (!in_array($mode, ['', '--check', '--stdout'], true)) {
    fwrite(STDERR, "usage: php tools/gen_package_xml.php [--check | --stdout]\n");
    exit(2);
}

$version = read_version($root);
$files = collect_files($root);
$xml = render($version, release_date($root, $version), $files);

if ($mode === '--stdout') {
    echo $xml;
    exit(0);
}
if ($mode === '--check') {
    $current = @file_get_contents("$root/package.xml");
    if ($current !== $xml) {
        fwrite(STDERR, "package.xml is stale: run php tools/gen_package_xml.php\n");
        exit(1);
    }
    echo "package.xml is up to date (" . count($files) . " files)\n";
    exit(0);
}
file_put_contents("$root/package.xml", $xml);
echo "package.xml: $version, " . count($files) . " files\n";
