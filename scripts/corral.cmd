@echo off
rem Launches corral: from an unpacked distribution (corral.jar and lib\ beside bin\) or from a
rem checkout built by Maven (shell\target\corral.jar).
setlocal
set "DIR=%~dp0"
set "JAR=%DIR%..\corral.jar"
if not exist "%JAR%" set "JAR=%DIR%..\shell\target\corral.jar"
if exist "%JAR%" goto run
echo error: "%JAR%" not found 1>&2
echo build it first: mvn -B package -DskipTests 1>&2
exit /b 1
:run
set "JAVA=java"
if defined JAVA_HOME set "JAVA=%JAVA_HOME%\bin\java"
rem Lower JIT thresholds for the crypto provider only: the SSH client's AES-GCM reaches its
rem intrinsics after far fewer packets (see scripts/corral).
"%JAVA%" -XX:CompileCommand=quiet "-XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.*::*,0.05" %CORRAL_JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
