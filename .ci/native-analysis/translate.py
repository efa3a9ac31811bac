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
excluded = []  # (jar regex, resource regex) of --exclude-config
state = {'main': None, 'name': None}

# Configuration files the driver finds under META-INF/native-image/ on the class path and hands to the
# builder one by one (com.oracle.svm.driver.metainf.MetaInfFileType); the builder does not look for them.
META_INF_CONFIG = {
    'reachability-metadata.json': 'ReachabilityMetadataResources',
    'jni-config.json': 'JNIConfigurationResources',
    'foreign-config.json': 'ForeignResources',
    'reflect-config.json': 'ReflectionConfigurationResources',
    'resource-config.json': 'ResourceConfigurationResources',
    'proxy-config.json': 'DynamicProxyConfigurationResources',
    'serialization-config.json': 'SerializationConfigurationResources',
    'serialization-deny-config.json': 'SerializationDenyConfigurationResources',
    'predefined-classes-config.json': 'PredefinedClassesConfigurationResources',
}


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
    elif a in ('--enable-http', '--enable-https'):
        # The driver's shorthands for one URL protocol each (EnableURLProtocols accumulates).
        builder.append('-H:EnableURLProtocols=' + a[len('--enable-'):])
    elif a == '--report-unsupported-elements-at-runtime':
        # Deprecated in the driver (it is the default now); still an option of the builder.
        builder.append('-H:+ReportUnsupportedElementsAtRuntime')
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
        # Driver-only: it filters the META-INF/native-image configuration files it hands on (below).
        excluded.append((re.compile(next(it)), re.compile(next(it))))
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
        # Add-Opens/Add-Exports of the -jar manifest (Quarkus writes Add-Opens: java.base/java.lang for
        # jboss-threads on JDK 24+): the driver opens them to the image's unnamed module, in the builder's
        # JVM (classes initialised at build time) and in the image.
        for attr, option in (('Add-Opens:', 'add-opens'), ('Add-Exports:', 'add-exports')):
            if line.startswith(attr):
                for target in line.split(':', 1)[1].split():
                    jvm.append('--%s=%s=ALL-UNNAMED' % (option, target))
                    builder.append('-H:%s=%s=ALL-UNNAMED' % ({'add-opens': 'AddOpens', 'add-exports': 'AddExports'}[option], target))


args = shlex.split(open(os.path.join(ns, 'native-image.args')).read())
it = iter(args)
for a in it:
    tr(a, it, 'command line')

# What the driver takes from META-INF/native-image/** on the image class path: the Args (and JavaArgs)
# of native-image.properties, and the configuration files, each passed as a -H:...Resources option.
config_resources = {}
excluded_configs = []
for jar in imagecp:
    try:
        z = zipfile.ZipFile(jar)
    except (OSError, zipfile.BadZipFile):
        continue
    for n in z.namelist():
        if not n.startswith('META-INF/native-image/'):
            continue
        base = n.rsplit('/', 1)[-1]
        if base == 'native-image.properties':
            txt = re.sub(r'\\\r?\n', ' ', z.read(n).decode())
            # ${.} is the folder of the properties file (JLine names its configuration files so)
            txt = txt.replace('${.}', n.rsplit('/', 1)[0])
            for line in txt.splitlines():
                key, _, value = line.partition('=')
                if key.strip() == 'Args':
                    it2 = iter(shlex.split(value))
                    for a in it2:
                        tr(a, it2, os.path.basename(jar) + '!/' + n)
                elif key.strip() == 'JavaArgs':
                    jvm.extend(shlex.split(value))
        elif base in META_INF_CONFIG:
            if any(j.search(jar) and r.search('/' + n) for j, r in excluded):
                excluded_configs.append(os.path.basename(jar) + '!/' + n)
                continue
            # The builder reads a resource name from every class-path entry that has it: once per name.
            config_resources.setdefault(n, META_INF_CONFIG[base])
for n, option in config_resources.items():
    builder.append('-H:%s=%s' % (option, n))

if untranslated or not state['main']:
    for u in untranslated:
        print('translate.py: untranslated option ' + u, file=sys.stderr)
    if not state['main']:
        print('translate.py: no Main-Class in the runner jar', file=sys.stderr)
    sys.exit(2)

os.makedirs(out, exist_ok=True)
for fname, items in (('excluded-configs', excluded_configs), ('jvm.args', jvm), ('builder.args', builder), ('imagecp', imagecp),
                     ('main', [state['main']]), ('name', [state['name'] or 'application'])):
    with open(os.path.join(out, fname), 'w') as f:
        f.write(''.join(x + '\n' for x in items))
