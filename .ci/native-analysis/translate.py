#!/usr/bin/env python3
"""Turns Quarkus' native-sources (native-image.args: options of the native-image *driver*) into what the
image *builder* (com.oracle.svm.hosted.NativeImageGeneratorRunner) takes, as the driver would.

usage: translate.py NATIVE_SOURCES_DIR OUT_DIR

Writes into OUT_DIR, one item a line:
  jvm.args     options of the builder's JVM (-J... of the driver)
  builder.args builder options (-H:...)
  imagecp      the image class path (the runner jar and its Class-Path)
  main         the main class
  name         the image name
Options it does not know are listed on stderr and make it exit 2.
"""
import os
import re
import shlex
import sys
import zipfile

ns, out = sys.argv[1], sys.argv[2]
jvm, builder, imagecp, untranslated = [], [], [], []
state = {'main': None, 'name': None}


def split_list(value, suffix):
    return '-H:ClassInitialization=' + ','.join(x + suffix for x in value.split(',') if x)


def tr(a, it, where):
    if a.startswith('-J'):
        jvm.append(a[2:])
    elif a.startswith('-H:'):
        builder.append(a)
    elif a.startswith('--initialize-at-run-time='):
        builder.append(split_list(a.split('=', 1)[1], ':run_time'))
    elif a.startswith('--initialize-at-build-time='):
        builder.append(split_list(a.split('=', 1)[1], ':build_time'))
    elif a == '--initialize-at-build-time':
        builder.append('-H:ClassInitialization=:build_time')
    elif a.startswith('--features='):
        builder.append('-H:Features=' + a.split('=', 1)[1])
    elif a == '--no-fallback':
        builder.append('-H:FallbackThreshold=0')
    elif a == '--link-at-build-time':
        builder.append('-H:LinkAtBuildTime=')
    elif a.startswith('--link-at-build-time='):
        builder.append('-H:LinkAtBuildTime=' + a.split('=', 1)[1])
    elif a.startswith('--enable-url-protocols='):
        builder.append('-H:EnableURLProtocols=' + a.split('=', 1)[1])
    elif a.startswith('--enable-monitoring='):
        builder.append('-H:EnableMonitoringFeatures=' + a.split('=', 1)[1])
    elif a.startswith('--enable-native-access='):
        builder.append('-H:EnableNativeAccess=' + a.split('=', 1)[1])
    elif a.startswith('--add-exports=') or a.startswith('--add-opens=') or a.startswith('--add-reads='):
        # Image-side module options: the builder takes them as -H:AddExports/-H:AddOpens/-H:AddReads.
        k, v = a[2:].split('=', 1)
        builder.append('-H:' + {'add-exports': 'AddExports', 'add-opens': 'AddOpens', 'add-reads': 'AddReads'}[k] + '=' + v)
    elif a == '--exclude-config':
        # Driver-only (it filters the configuration files it hands on); the builder has no such option.
        next(it)
        next(it)
    elif a == '-o':
        state['name'] = next(it)
    elif a == '-jar':
        add_jar(os.path.join(ns, next(it)))
    elif not a.startswith('-') and where == 'command line':
        state['name'] = a  # the driver's positional image name
    else:
        untranslated.append('%s (%s)' % (a, where))


def add_jar(jar):
    imagecp.append(jar)
    mf = zipfile.ZipFile(jar).read('META-INF/MANIFEST.MF').decode()
    mf = re.sub(r'\r?\n ', '', mf)
    for line in mf.splitlines():
        if line.startswith('Main-Class:'):
            state['main'] = line.split(':', 1)[1].strip()
        if line.startswith('Class-Path:'):
            imagecp.extend(os.path.join(ns, p) for p in line.split(':', 1)[1].split())


args = shlex.split(open(os.path.join(ns, 'native-image.args')).read())
it = iter(args)
for a in it:
    tr(a, it, 'command line')

# Args of META-INF/native-image/**/native-image.properties on the image class path (the driver reads them).
for jar in imagecp:
    try:
        z = zipfile.ZipFile(jar)
    except (OSError, zipfile.BadZipFile):
        continue
    for n in z.namelist():
        if n.startswith('META-INF/native-image/') and n.endswith('native-image.properties'):
            txt = re.sub(r'\\\r?\n', ' ', z.read(n).decode())
            for line in txt.splitlines():
                if line.strip().startswith('Args'):
                    it2 = iter(shlex.split(line.split('=', 1)[1]))
                    for a in it2:
                        tr(a, it2, os.path.basename(jar) + '!/' + n)

if untranslated or not state['main']:
    for u in untranslated:
        print('translate.py: untranslated option ' + u, file=sys.stderr)
    if not state['main']:
        print('translate.py: no Main-Class in the runner jar', file=sys.stderr)
    sys.exit(2)

os.makedirs(out, exist_ok=True)
for fname, items in (('jvm.args', jvm), ('builder.args', builder), ('imagecp', imagecp),
                     ('main', [state['main']]), ('name', [state['name'] or 'application'])):
    with open(os.path.join(out, fname), 'w') as f:
        f.write(''.join(x + '\n' for x in items))
