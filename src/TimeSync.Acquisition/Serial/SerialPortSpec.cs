using System.Globalization;
using TimeSync.Core;

namespace TimeSync.Acquisition.Serial;

/// <summary>A serial device and its speed, written "DEVICE[@BAUD]" on command lines (8 data bits, no parity, 1 stop bit).</summary>
public sealed record SerialPortSpec(string Device, int BaudRate)
{
    public const int DefaultBaudRate = 9600;

    private static readonly int[] StandardRates =
        [300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600];

    public static SerialPortSpec Parse(string text, string location = "--serial")
    {
        if (string.IsNullOrWhiteSpace(text)) throw new InputException(location, "empty serial device");
        int at = text.LastIndexOf('@');
        if (at < 0) return new SerialPortSpec(text, DefaultBaudRate);
        string device = text[..at];
        if (device.Length == 0) throw new InputException(location, $"'{text}': no device before '@'");
        if (!int.TryParse(text[(at + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int baud) || !StandardRates.Contains(baud))
            throw new InputException(location, $"'{text}': baud rate must be one of {string.Join(", ", StandardRates)}");
        return new SerialPortSpec(device, baud);
    }

    /// <summary>pcapng if_description, e.g. "serial /dev/ttyUSB0 115200 8N1".</summary>
    public string Description => $"serial {Device} {BaudRate.ToString(CultureInfo.InvariantCulture)} 8N1";

    public override string ToString() => $"{Device}@{BaudRate.ToString(CultureInfo.InvariantCulture)}";
}
