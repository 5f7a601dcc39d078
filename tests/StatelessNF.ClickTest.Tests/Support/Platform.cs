// The tests run shell scripts with /bin/sh and signal process groups: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
