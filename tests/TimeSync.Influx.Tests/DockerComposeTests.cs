using System.Text.Json;
using TimeSync.Testing;
using YamlDotNet.RepresentationModel;

namespace TimeSync.Influx.Tests;

/// <summary>
/// dashboards/docker-compose.yml cannot be started here (no Docker); this checks what can break without Docker:
/// every file it mounts exists, the provisioning points Grafana at the mounted dashboards, the datasource uid is the
/// one every panel uses, no secret is written in the files, and the ports stay on 127.0.0.1.
/// </summary>
public sealed class DockerComposeTests
{
    private static readonly string Dashboards = RepoPaths.RepoFile("dashboards");

    private static YamlMappingNode Load(string path)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(path);
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static YamlNode At(YamlNode node, params string[] keys)
    {
        foreach (var k in keys) node = ((YamlMappingNode)node).Children[new YamlScalarNode(k)];
        return node;
    }

    [Fact]
    public void ComposeMountsExistingFilesAndBindsLocalhostOnly()
    {
        var compose = Load(Path.Combine(Dashboards, "docker-compose.yml"));
        var services = (YamlMappingNode)At(compose, "services");
        Assert.Contains(new YamlScalarNode("influxdb"), services.Children.Keys);
        Assert.Contains(new YamlScalarNode("grafana"), services.Children.Keys);
        string? dashboardsMount = null;
        foreach (var volume in (YamlSequenceNode)At(services, "grafana", "volumes"))
        {
            string[] parts = ((YamlScalarNode)volume).Value!.Split(':');
            if (!parts[0].StartsWith('.')) continue; // a named volume
            Assert.True(Directory.Exists(Path.Combine(Dashboards, parts[0])), $"mounted folder {parts[0]} is missing");
            if (parts[0] == "./") dashboardsMount = parts[1];
        }
        foreach (var (name, service) in services.Children)
            foreach (var port in (YamlSequenceNode)At(service, "ports"))
                Assert.StartsWith("127.0.0.1:", ((YamlScalarNode)port).Value);

        // the dashboard provider reads the folder the compose file mounts
        var provider = Load(Path.Combine(Dashboards, "provisioning", "dashboards", "timesync.yaml"));
        var path = ((YamlScalarNode)At(((YamlSequenceNode)At(provider, "providers"))[0], "options", "path")).Value;
        Assert.Equal(dashboardsMount, path);
    }

    [Fact]
    public void EveryPanelUsesTheProvisionedDatasourceAndNoSecretIsWritten()
    {
        var datasources = Load(Path.Combine(Dashboards, "provisioning", "datasources", "timesync-influxdb.yaml"));
        var ds = ((YamlSequenceNode)At(datasources, "datasources"))[0];
        string uid = ((YamlScalarNode)At(ds, "uid")).Value!;
        Assert.Equal("${INFLUX_PASSWORD}", ((YamlScalarNode)At(ds, "secureJsonData", "password")).Value);

        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dashboards, "timesync-bench.json")));
        int panels = 0;
        foreach (var panel in dashboard.RootElement.GetProperty("panels").EnumerateArray())
        {
            if (panel.GetProperty("type").GetString() == "row") continue;
            panels++;
            Assert.Equal(uid, panel.GetProperty("datasource").GetProperty("uid").GetString());
        }
        Assert.True(panels >= 5, $"{panels} panels");
        foreach (var file in Directory.EnumerateFiles(Dashboards, "*", SearchOption.AllDirectories))
            Assert.DoesNotMatch(@"(?i)(token|password)\s*[:=]\s*[""']?[A-Za-z0-9]{8,}", File.ReadAllText(file));
    }
}
