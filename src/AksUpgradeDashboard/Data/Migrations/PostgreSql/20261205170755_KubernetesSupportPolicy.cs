using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AksUpgradeDashboard.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class KubernetesSupportPolicy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Snapshots taken before this rule existed were judged without it (false); a policy an admin saved before
            // gets the rule's default (true), as configuration would.
            migrationBuilder.AddColumn<bool>(
                name: "KubernetesMustBeSupported",
                table: "ComplianceSnapshots",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "KubernetesMustBeSupported",
                table: "CompliancePolicy",
                type: "boolean",
                nullable: false,
                defaultValue: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "KubernetesMustBeSupported",
                table: "ComplianceSnapshots");

            migrationBuilder.DropColumn(
                name: "KubernetesMustBeSupported",
                table: "CompliancePolicy");
        }
    }
}
