using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using System.Globalization;
using TimeSync.Acquisition.Bench;
using TimeSync.Acquisition.Serial;
using TimeSync.Core;

namespace TimeSync.Acquisition.Pps;

/// <summary>
/// Opens the PPS source a bench description (or <c>record --pps</c>) names: kind <c>pps</c> → <see cref="KernelPpsSource"/>
/// on <c>device</c> (/dev/ppsN); <c>gpio-pps</c> → <see cref="GpioPpsSource"/> on <c>gpioLine</c> of the chip
/// <c>device</c> (/dev/gpiochipN, default /dev/gpiochip0) through libgpiod; <c>dcd-pps</c> → <see cref="SerialDcdPpsSource"/>
/// on the serial <c>device</c>. Every failure to open is an <see cref="InputException"/> with a one-line message naming
/// the device, so the runner can log it and retry.
/// </summary>
public static class PpsSourceFactory
{
    public static IPpsSource Open(SourceDescription s)
    {
        switch (s.Kind)
        {
            case SourceKinds.Pps:
                return new KernelPpsSource(s.Name, s.Device ?? throw new InputException(s.Name, "a 'pps' source needs a device (/dev/ppsN)"));
            case SourceKinds.GpioPps:
            {
                if (s.GpioLine is not int line) throw new InputException(s.Name, "a 'gpio-pps' source needs gpioLine");
                string chip = s.Device ?? "/dev/gpiochip0";
                int chipNumber = GpioChipNumber(chip);
                if (!File.Exists(chip)) throw new InputException(chip, "GPIO chip not present");
                GpioController controller;
                try { controller = new GpioController(new LibGpiodDriver(chipNumber)); }
                catch (Exception e) when (e is PlatformNotSupportedException or DllNotFoundException or IOException or InvalidOperationException or ArgumentException)
                {
                    throw new InputException(chip, "cannot open GPIO chip through libgpiod: " + e.Message.ReplaceLineEndings(" "));
                }
                try { return new GpioPpsSource(s.Name, line, controller); }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    controller.Dispose();
                    throw new InputException($"{chip} line {line}", "cannot watch the GPIO line: " + e.Message.ReplaceLineEndings(" "));
                }
            }
            case SourceKinds.DcdPps:
            {
                string device = s.Device ?? throw new InputException(s.Name, "a 'dcd-pps' source needs a serial device");
                if (!File.Exists(device)) throw new InputException(device, "device not present");
                try { return new SerialDcdPpsSource(s.Name, new SerialPortSpec(device, s.Baud ?? SerialPortSpec.DefaultBaudRate)); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
                {
                    throw new InputException(device, "cannot open for DCD: " + e.Message.ReplaceLineEndings(" "));
                }
            }
            default:
                throw new ArgumentException($"'{s.Kind}' is not a PPS source kind", nameof(s));
        }
    }

    /// <summary>N of /dev/gpiochipN (or of a bare number).</summary>
    public static int GpioChipNumber(string chip)
    {
        string tail = Path.GetFileName(chip);
        if (tail.StartsWith("gpiochip", StringComparison.Ordinal)) tail = tail["gpiochip".Length..];
        return int.TryParse(tail, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n < 1024
            ? n
            : throw new InputException(chip, "not a GPIO chip (expected /dev/gpiochipN)");
    }

    /// <summary>
    /// A <c>record --pps</c> argument as a source: <c>/dev/ppsN</c> (kernel PPS), <c>gpio:/dev/gpiochipN:LINE</c> or
    /// <c>gpio:LINE</c> (chip 0), <c>dcd:/dev/ttyUSB0</c>.
    /// </summary>
    public static SourceDescription ParseArgument(string text, string name)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new InputException("--pps", "empty PPS device");
        if (text.StartsWith("gpio:", StringComparison.Ordinal))
        {
            string rest = text[5..];
            int colon = rest.LastIndexOf(':');
            string chip = colon < 0 ? "/dev/gpiochip0" : rest[..colon];
            string lineText = colon < 0 ? rest : rest[(colon + 1)..];
            if (!int.TryParse(lineText, NumberStyles.None, CultureInfo.InvariantCulture, out int line) || line > 4095)
                throw new InputException("--pps", $"'{text}': expected gpio:[CHIP:]LINE with LINE a number");
            GpioChipNumber(chip);
            return new SourceDescription(name, SourceKinds.GpioPps, chip, GpioLine: line);
        }
        if (text.StartsWith("dcd:", StringComparison.Ordinal))
        {
            var spec = SerialPortSpec.Parse(text[4..], "--pps");
            return new SourceDescription(name, SourceKinds.DcdPps, spec.Device, spec.BaudRate);
        }
        return new SourceDescription(name, SourceKinds.Pps, text);
    }
}
