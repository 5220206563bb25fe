// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AuditRegistry} from "../../../contracts/audit/AuditRegistry.sol";
import {IAuditRegistry} from "../../../contracts/interfaces/IAuditRegistry.sol";
import {Family, InputMode} from "../../../contracts/types/ModelTypes.sol";
import {Classifier16Audit32Verifier} from "../../../contracts/verifiers/Classifier16Audit32Verifier.sol";
import {RegistryFixture} from "./RegistryFixture.sol";

/// @notice An AuditRegistry behind its proxy (admin: the timelock) with the real Groth16 verifier of the 32-row
/// classifier audit, a model whose version 1 is the fixture's weights commitment, the fixture's audit set registered,
/// and the fixture's proof (test/fixtures/audit/classifier16-audit32-groth16.json, from `npm run circuits:audit`).
abstract contract AuditFixture is RegistryFixture {
    string internal constant FIXTURE = "test/fixtures/audit/classifier16-audit32-groth16.json";

    AuditRegistry internal audits;
    Classifier16Audit32Verifier internal verifier;
    uint256 internal modelId;
    uint32 internal circuitId;
    uint256 internal setId;
    uint256 internal setCommitment;
    uint256 internal counts;
    IAuditRegistry.AuditProof internal proof;
    address internal auditor = makeAddr("auditor");

    function _deployAudits() internal {
        _deployRegistry();
        string memory json = vm.readFile(FIXTURE);
        verifier = new Classifier16Audit32Verifier();
        uint16[3] memory shape16 = [uint16(16), 0, 0];
        uint32 committed =
            _registerCircuit(_circuitParams(address(verifier), Family.Classifier, InputMode.Committed, 4, 1, shape16));
        vm.prank(auditor);
        modelId = registry.registerModel(
            0, committed, 1 ether, false, _versionParams(vm.parseJsonUint(json, ".weightsCommitment"), 0, 0)
        );

        audits = AuditRegistry(
            _proxy(
                address(new AuditRegistry()),
                abi.encodeCall(AuditRegistry.initialize, (address(timelock), address(registry)))
            )
        );
        vm.prank(address(timelock));
        circuitId = audits.registerAuditCircuit(address(verifier), 32, 16);

        setCommitment = vm.parseJsonUint(json, ".auditSetCommitment");
        vm.prank(auditor);
        setId = audits.registerAuditSet(setCommitment, 32, 16, keccak256("card"), "ipfs://audit-card");

        uint256[] memory a = vm.parseJsonUintArray(json, ".proof.a");
        uint256[] memory b0 = vm.parseJsonUintArray(json, ".proof.b[0]");
        uint256[] memory b1 = vm.parseJsonUintArray(json, ".proof.b[1]");
        uint256[] memory c = vm.parseJsonUintArray(json, ".proof.c");
        uint256[] memory signals = vm.parseJsonUintArray(json, ".proof.publicSignals");
        proof.a = [a[0], a[1]];
        proof.b = [[b0[0], b0[1]], [b1[0], b1[1]]];
        proof.c = [c[0], c[1]];
        counts = signals[0];
        assertEq(signals[1], setCommitment, "fixture set commitment");
    }
}
